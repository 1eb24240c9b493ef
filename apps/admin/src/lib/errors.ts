import { errorCode, fieldErrors } from '@helpdesk/client';

export { errorCode, fieldErrors };

/** A sentence for people from any failed call. */
export function errorMessage(error: unknown): string {
  if (!error) return '';
  const code = errorCode(error);
  if (code === 'TOO_MANY_REQUESTS') return 'Too many attempts. Wait a moment and try again.';
  if (code === 'INTERNAL_SERVER_ERROR' || code === 'SERVICE_UNAVAILABLE')
    return 'The server could not answer. Try again in a moment.';
  if (error instanceof Error && error.message) {
    if (/fetch|network/i.test(error.message) && !code)
      return 'The server cannot be reached. Check your connection.';
    // A rule's refusal names its field first ("userId: …"); people need only the sentence.
    const [field] = Object.keys(fieldErrors(error));
    return field && error.message.startsWith(`${field}: `)
      ? error.message.slice(field.length + 2)
      : error.message;
  }
  return 'Something went wrong.';
}
