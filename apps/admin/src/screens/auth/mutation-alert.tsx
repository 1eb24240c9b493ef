import { Alert } from '../../components/ui/states.tsx';
import { errorCode, errorMessage, fieldErrors } from '../../lib/errors.ts';

/**
 * A failed mutation's message, unless the form already shows it next to its fields (a BAD_REQUEST
 * with field errors): nothing is said twice, and nothing is swallowed.
 */
export function MutationAlert({ error }: { error: unknown }) {
  if (!error) return null;
  if (errorCode(error) === 'BAD_REQUEST' && Object.keys(fieldErrors(error)).length > 0) return null;
  return <Alert>{errorMessage(error)}</Alert>;
}
