import { Button } from '../../components/ui/button.tsx';
import { CopyButton } from './copy-button.tsx';

/**
 * Freshly made recovery codes: the server keeps only their hashes, so this is the one time they
 * can be seen. Copy and download make saving them easy; "done" hides them for good.
 */
export function RecoveryCodes({ codes, onDone }: { codes: string[]; onDone: () => void }) {
  const text = `Helpdesk recovery codes (each works once)\n\n${codes.join('\n')}\n`;
  return (
    <section
      aria-labelledby="recovery-codes-title"
      className="rounded-md border border-amber-300 bg-amber-50 p-4"
    >
      <h3 id="recovery-codes-title" className="font-semibold text-slate-900">
        Save your recovery codes
      </h3>
      <p className="mt-1 text-sm text-slate-800">
        If you lose your phone, each of these codes signs you in once instead of an app code. They are shown
        only now: copy them or download them, and keep them somewhere safe, like a password manager.
      </p>
      <ol className="mt-3 grid grid-cols-2 gap-x-6 gap-y-1 font-mono text-sm text-slate-900 sm:grid-cols-5">
        {codes.map((code) => (
          <li key={code}>{code}</li>
        ))}
      </ol>
      <div className="mt-4 flex flex-wrap items-center gap-2">
        <a
          href={`data:text/plain;charset=utf-8,${encodeURIComponent(text)}`}
          download="helpdesk-recovery-codes.txt"
          className="inline-flex items-center rounded-md border border-slate-300 bg-white px-2.5 py-1 text-sm font-medium text-slate-800 hover:bg-slate-100"
        >
          Download as a text file
        </a>
        <CopyButton text={text} label="Copy codes" what="codes" />
      </div>
      <Button size="sm" className="mt-4" onClick={onDone}>
        I have saved them
      </Button>
    </section>
  );
}
