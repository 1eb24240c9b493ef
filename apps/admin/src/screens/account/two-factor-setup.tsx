import { enableTwoFactorInput } from '@helpdesk/validators';
import { useMutation } from '@tanstack/react-query';
import { QRCodeSVG } from 'qrcode.react';
import type { FormEvent } from 'react';
import { Button } from '../../components/ui/button.tsx';
import { Alert, MutationAlert } from '../../components/ui/states.tsx';
import { formValues, useZodForm } from '../../lib/forms.ts';
import { trpc } from '../../lib/trpc.ts';
import { SecondFactorField } from '../auth/second-factor-field.tsx';

/** Base32 in groups of four, as authenticator apps show keys: easier to type without a slip. */
const grouped = (secret: string) => secret.match(/.{1,4}/g)?.join(' ') ?? secret;

/** Two-factor sign-in while it is off: start a set-up, scan or type the key, prove it with a code. */
export function TwoFactorSetup({
  required,
  onEnabled,
}: {
  required: boolean;
  onEnabled: (recoveryCodes: string[]) => void;
}) {
  const setup = useMutation(trpc.twoFactor.setup.mutationOptions());
  const form = useZodForm(enableTwoFactorInput);
  const enable = useMutation(
    trpc.twoFactor.enable.mutationOptions({
      onSuccess: ({ recoveryCodes }) => {
        setup.reset();
        onEnabled(recoveryCodes);
      },
      onError: (error) => form.showServerErrors(error),
    }),
  );
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const input = form.validate({ code: formValues(event.currentTarget).code ?? '' });
    if (input) enable.mutate(input);
  };

  if (!setup.data) {
    return (
      <div className="space-y-3">
        <p className="text-sm text-slate-700">
          Two-factor sign-in is <strong>off</strong>. With it on, signing in also asks for a code from an
          authenticator app on your phone, so a stolen password alone is not enough.
        </p>
        {required ? (
          <Alert tone="info">
            This desk requires two-factor sign-in for the support team: set it up to go on.
          </Alert>
        ) : null}
        <MutationAlert error={setup.error} />
        <Button busy={setup.isPending} onClick={() => setup.mutate()}>
          Set up two-factor sign-in
        </Button>
      </div>
    );
  }

  return (
    <div className="grid gap-6 md:grid-cols-[auto_1fr]">
      <div className="space-y-2">
        <h3 className="font-semibold text-slate-900">1. Scan this code</h3>
        <p className="max-w-56 text-sm text-slate-700">In your authenticator app, add an account and scan:</p>
        <QRCodeSVG
          value={setup.data.uri}
          size={192}
          marginSize={2}
          role="img"
          aria-label="QR code of your two-factor key, for an authenticator app"
          className="rounded border border-slate-200"
        />
      </div>
      <div className="space-y-4">
        <div>
          <h3 className="font-semibold text-slate-900">Or type the key</h3>
          <p className="text-sm text-slate-700">
            If you cannot scan, enter this key in the app (time-based):
          </p>
          <dl className="mt-2 text-sm">
            <dt className="sr-only">Setup key</dt>
            <dd>
              <code className="block rounded bg-slate-100 px-3 py-2 font-mono text-base break-all text-slate-900">
                {grouped(setup.data.secret)}
              </code>
            </dd>
          </dl>
        </div>
        <form onSubmit={submit} noValidate className="space-y-4">
          <h3 className="font-semibold text-slate-900">2. Enter the code the app shows</h3>
          <SecondFactorField useRecovery={false} errors={form.errors} />
          <MutationAlert error={enable.error} />
          <div className="flex flex-wrap gap-2">
            <Button type="submit" busy={enable.isPending}>
              Turn on
            </Button>
            <Button variant="secondary" onClick={() => setup.reset()}>
              Cancel
            </Button>
          </div>
        </form>
      </div>
    </div>
  );
}
