import { useState } from 'react';
import { Button } from '../../components/ui/button.tsx';

/** Copies a secret shown once; says so politely, or what to do when the browser refuses. */
export function CopyButton({ text, label, what }: { text: string; label: string; what: string }) {
  const [copied, setCopied] = useState<boolean>();
  const copy = () =>
    navigator.clipboard.writeText(text).then(
      () => setCopied(true),
      () => setCopied(false),
    );
  return (
    <>
      <Button variant="secondary" size="sm" onClick={copy}>
        {label}
      </Button>
      <span role="status" className="text-sm text-slate-700">
        {copied === true
          ? 'Copied.'
          : copied === false
            ? `Copying is blocked here; select the ${what} instead.`
            : ''}
      </span>
    </>
  );
}
