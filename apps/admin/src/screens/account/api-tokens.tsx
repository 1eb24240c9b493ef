import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Button } from '../../components/ui/button.tsx';
import { ConfirmDialog } from '../../components/ui/dialog.tsx';
import { Badge, Card } from '../../components/ui/layout.tsx';
import { Alert, EmptyState, ErrorState, LoadingState } from '../../components/ui/states.tsx';
import { ActionsTh, Table, Td, Th, Tr } from '../../components/ui/table.tsx';
import { formatDateTime, timeAgo } from '../../lib/format.ts';
import { trpc } from '../../lib/trpc.ts';
import { ApiTokenForm } from './api-token-form.tsx';
import { CopyButton } from './copy-button.tsx';

interface TokenRow {
  id: string;
  name: string;
  revoked: boolean;
  expiresAt: string | null;
}

function tokenState(token: TokenRow, now: number) {
  if (token.revoked) return <Badge tone="red">Revoked</Badge>;
  if (token.expiresAt && new Date(token.expiresAt).getTime() <= now) return <Badge>Expired</Badge>;
  return <Badge tone="green">Active</Badge>;
}

export function ApiTokensSection({ className }: { className?: string }) {
  const queryClient = useQueryClient();
  const tokens = useQuery(trpc.apiTokens.list.queryOptions());
  const [created, setCreated] = useState<{ token: string; name: string }>();
  const [revoking, setRevoking] = useState<TokenRow>();
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.apiTokens.list.queryKey() });
  const revoke = useMutation(
    trpc.apiTokens.revoke.mutationOptions({
      onSuccess: () => {
        setRevoking(undefined);
        return refresh();
      },
    }),
  );

  const now = Date.now();
  return (
    <Card title="API tokens" className={className}>
      <div className="space-y-6">
        <p className="text-sm text-slate-700">
          Scripts and integrations call the API with a token instead of your password:{' '}
          <code className="rounded bg-slate-100 px-1">Authorization: Bearer hd_…</code>. A token acts as you,
          limited to its scopes.
        </p>
        {created ? (
          <NewToken {...created} onDone={() => setCreated(undefined)} />
        ) : (
          <ApiTokenForm
            onCreated={(token, name) => {
              setCreated({ token, name });
              revoke.reset();
              void refresh();
            }}
          />
        )}
        {revoke.isSuccess ? <Alert tone="success">Token “{revoke.data.name}” is revoked.</Alert> : null}
        {tokens.isPending ? (
          <LoadingState label="Loading tokens" />
        ) : tokens.isError ? (
          <ErrorState error={tokens.error} retry={() => void tokens.refetch()} />
        ) : tokens.data.length === 0 ? (
          <EmptyState title="No API tokens yet">
            Create one above when a script needs to call the API.
          </EmptyState>
        ) : (
          <Table label="API tokens">
            <thead>
              <tr>
                <Th>Name</Th>
                <Th>Scopes</Th>
                <Th>Created</Th>
                <Th>Expires</Th>
                <Th>Last used</Th>
                <Th>Status</Th>
                <ActionsTh />
              </tr>
            </thead>
            <tbody>
              {tokens.data.map((token) => (
                <Tr key={token.id}>
                  <Td id={`token-${token.id}`} className="font-medium">
                    {token.name}
                  </Td>
                  <Td className="whitespace-nowrap">{token.scopes.join(', ')}</Td>
                  <Td className="whitespace-nowrap">{formatDateTime(token.createdAt)}</Td>
                  <Td className="whitespace-nowrap">
                    {token.expiresAt ? formatDateTime(token.expiresAt) : 'Never'}
                  </Td>
                  <Td className="whitespace-nowrap">
                    {token.lastUsedAt ? timeAgo(token.lastUsedAt, now) : 'Never'}
                  </Td>
                  <Td>{tokenState(token, now)}</Td>
                  <Td className="text-right">
                    {token.revoked ? null : (
                      <Button
                        variant="secondary"
                        size="sm"
                        aria-describedby={`token-${token.id}`}
                        onClick={() => {
                          revoke.reset();
                          setRevoking(token);
                        }}
                      >
                        Revoke
                      </Button>
                    )}
                  </Td>
                </Tr>
              ))}
            </tbody>
          </Table>
        )}
      </div>
      {revoking ? (
        <ConfirmDialog
          title={`Revoke “${revoking.name}”?`}
          description="Anything using this token is refused from now on. This cannot be undone."
          confirmLabel="Revoke token"
          busy={revoke.isPending}
          error={revoke.error}
          onConfirm={() => revoke.mutate({ id: revoking.id })}
          onCancel={() => setRevoking(undefined)}
        />
      ) : null}
    </Card>
  );
}

/** The token, this once: the server keeps only a hash of it. */
function NewToken({ token, name, onDone }: { token: string; name: string; onDone: () => void }) {
  return (
    <section
      aria-labelledby="new-token-title"
      className="space-y-3 rounded-md border border-amber-300 bg-amber-50 p-4"
    >
      <h3 id="new-token-title" className="font-semibold text-slate-900">
        Your new token “{name}”
      </h3>
      <p className="text-sm text-slate-800">
        Copy it now and keep it like a password: it is shown only this once.
      </p>
      <code className="block rounded bg-white px-3 py-2 font-mono text-sm break-all text-slate-900">
        {token}
      </code>
      <div className="flex flex-wrap items-center gap-2">
        <Button size="sm" onClick={onDone}>
          Done
        </Button>
        <CopyButton text={token} label="Copy token" what="token" />
      </div>
    </section>
  );
}
