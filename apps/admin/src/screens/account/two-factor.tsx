import { disableTwoFactorInput, regenerateRecoveryCodesInput } from '@helpdesk/validators';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Button } from '../../components/ui/button.tsx';
import { Dialog, DialogButtons } from '../../components/ui/dialog.tsx';
import { Field, Input } from '../../components/ui/field.tsx';
import { Badge, Card } from '../../components/ui/layout.tsx';
import { Alert, ErrorState, LoadingState, MutationAlert } from '../../components/ui/states.tsx';
import { formValues, useZodForm } from '../../lib/forms.ts';
import { trpc } from '../../lib/trpc.ts';
import { SecondFactorField, SecondFactorSwitch, secondFactorValue } from '../auth/second-factor-field.tsx';
import { RecoveryCodes } from './recovery-codes.tsx';
import { TwoFactorSetup } from './two-factor-setup.tsx';

export function TwoFactorSection({ className }: { className?: string }) {
  const queryClient = useQueryClient();
  const status = useQuery(trpc.twoFactor.status.queryOptions());
  // Kept here, above the on/off views: enabling flips the status, and the codes must outlive that.
  const [codes, setCodes] = useState<string[]>();
  const [notice, setNotice] = useState<string>();
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.twoFactor.status.queryKey() });
  const showCodes = (fresh: string[], message: string) => {
    setCodes(fresh);
    setNotice(message);
    void refresh();
  };

  return (
    <Card
      title="Two-factor sign-in"
      className={className}
      actions={
        status.data?.enabled ? <Badge tone="green">On</Badge> : status.data ? <Badge>Off</Badge> : null
      }
    >
      <div className="space-y-4">
        {notice ? <Alert tone="success">{notice}</Alert> : null}
        {codes ? <RecoveryCodes codes={codes} onDone={() => setCodes(undefined)} /> : null}
        {status.isPending ? (
          <LoadingState label="Loading two-factor status" />
        ) : status.isError ? (
          <ErrorState error={status.error} retry={() => void status.refetch()} />
        ) : status.data.enabled ? (
          <TwoFactorOn
            recoveryCodesLeft={status.data.recoveryCodesLeft}
            onCodes={(fresh) =>
              showCodes(fresh, 'New recovery codes are ready; the old ones no longer work.')
            }
            onDisabled={() => {
              setCodes(undefined);
              setNotice('Two-factor sign-in is off.');
              void refresh();
            }}
          />
        ) : (
          <TwoFactorSetup
            required={status.data.required}
            onEnabled={(fresh) => showCodes(fresh, 'Two-factor sign-in is on.')}
          />
        )}
      </div>
    </Card>
  );
}

function TwoFactorOn({
  recoveryCodesLeft,
  onCodes,
  onDisabled,
}: {
  recoveryCodesLeft: number;
  onCodes: (codes: string[]) => void;
  onDisabled: () => void;
}) {
  const [dialog, setDialog] = useState<'regenerate' | 'disable'>();
  const close = () => setDialog(undefined);
  return (
    <div className="space-y-3">
      <p className="text-sm text-slate-700">
        Signing in asks for a code from your authenticator app. You have{' '}
        <strong>
          {recoveryCodesLeft} unused recovery code{recoveryCodesLeft === 1 ? '' : 's'}
        </strong>
        {recoveryCodesLeft <= 3 ? ': make new ones before you run out.' : '.'}
      </p>
      <div className="flex flex-wrap gap-2">
        <Button variant="secondary" onClick={() => setDialog('regenerate')}>
          Make new recovery codes
        </Button>
        <Button variant="danger" onClick={() => setDialog('disable')}>
          Turn off two-factor sign-in
        </Button>
      </div>
      {/* Mounted only while open, so each opening starts with an empty form. */}
      {dialog === 'regenerate' ? (
        <RegenerateDialog
          onClose={close}
          onDone={(codes) => {
            close();
            onCodes(codes);
          }}
        />
      ) : null}
      {dialog === 'disable' ? (
        <DisableDialog
          onClose={close}
          onDone={() => {
            close();
            onDisabled();
          }}
        />
      ) : null}
    </div>
  );
}

function RegenerateDialog({ onClose, onDone }: { onClose: () => void; onDone: (codes: string[]) => void }) {
  const form = useZodForm(regenerateRecoveryCodesInput);
  const regenerate = useMutation(
    trpc.twoFactor.regenerateRecoveryCodes.mutationOptions({
      onSuccess: ({ recoveryCodes }) => onDone(recoveryCodes),
      onError: (error) => form.showServerErrors(error),
    }),
  );
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const input = form.validate({ code: formValues(event.currentTarget).code ?? '' });
    if (input) regenerate.mutate(input);
  };
  return (
    <Dialog
      open
      onOpenChange={(open) => (open ? undefined : onClose())}
      title="Make new recovery codes"
      description="Your current recovery codes stop working at once. Confirm with a code from your app."
    >
      <form onSubmit={submit} noValidate className="space-y-4">
        <SecondFactorField useRecovery={false} errors={form.errors} autoFocus />
        <MutationAlert error={regenerate.error} />
        <DialogButtons onCancel={onClose}>
          <Button type="submit" busy={regenerate.isPending}>
            Make new codes
          </Button>
        </DialogButtons>
      </form>
    </Dialog>
  );
}

function DisableDialog({ onClose, onDone }: { onClose: () => void; onDone: () => void }) {
  const [useRecovery, setUseRecovery] = useState(false);
  const form = useZodForm(disableTwoFactorInput);
  const disable = useMutation(
    trpc.twoFactor.disable.mutationOptions({
      onSuccess: () => onDone(),
      onError: (error) => form.showServerErrors(error),
    }),
  );
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const values = formValues(event.currentTarget);
    const input = form.validate({ password: values.password, ...secondFactorValue(values, useRecovery) });
    if (input) disable.mutate(input);
  };
  return (
    <Dialog
      open
      onOpenChange={(open) => (open ? undefined : onClose())}
      title="Turn off two-factor sign-in?"
      description="Your password alone will sign you in again, and your recovery codes are deleted. Confirm with both factors."
    >
      <form onSubmit={submit} noValidate className="space-y-4">
        <Field label="Password" error={form.errors.password}>
          <Input name="password" type="password" autoComplete="current-password" required autoFocus />
        </Field>
        <SecondFactorField useRecovery={useRecovery} errors={form.errors} />
        <SecondFactorSwitch
          useRecovery={useRecovery}
          onChange={(value) => {
            setUseRecovery(value);
            form.setErrors({});
          }}
        />
        <MutationAlert error={disable.error} />
        <DialogButtons onCancel={onClose}>
          <Button type="submit" variant="danger" busy={disable.isPending}>
            Turn off
          </Button>
        </DialogButtons>
      </form>
    </Dialog>
  );
}
