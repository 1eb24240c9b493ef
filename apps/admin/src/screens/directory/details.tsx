import { Link } from '@tanstack/react-router';
import type { ReactNode } from 'react';

/** A profile's label and value pairs, as a description list of `Detail`s. */
export function Details({ children }: { children: ReactNode }) {
  return <dl className="grid grid-cols-1 gap-x-4 gap-y-2 text-sm sm:grid-cols-[auto_1fr]">{children}</dl>;
}

export function Detail({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="contents">
      <dt className="font-medium text-slate-700">{label}</dt>
      <dd className="min-w-0 break-words text-slate-900">{children}</dd>
    </div>
  );
}

/** The way back to the list a profile was opened from. */
export function BackLink({ to, children }: { to: '/customers' | '/organizations'; children: ReactNode }) {
  return (
    <p className="mb-2 text-sm">
      <Link to={to} className="text-blue-800 underline hover:text-blue-900">
        ← {children}
      </Link>
    </p>
  );
}

/** A link to an organization's page (or its name in the given class, e.g. bold in lists). */
export function OrganizationLink({
  organization,
  className = '',
}: {
  organization: { id: string; name: string };
  className?: string;
}) {
  return (
    <Link
      to="/organizations/$organizationId"
      params={{ organizationId: organization.id }}
      className={`text-blue-800 underline hover:text-blue-900 ${className}`}
    >
      {organization.name}
    </Link>
  );
}
