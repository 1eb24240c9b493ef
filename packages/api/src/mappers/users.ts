import type { User } from '@helpdesk/db';
import type { Role } from '@helpdesk/validators';
import type { Actor } from '../context.ts';

/** The signed-in user as they see themselves. */
export interface Me {
  id: string;
  email: string;
  name: string;
  role: Role;
}

export function toMe(user: User | Actor): Me {
  return { id: user.id, email: user.email, name: user.name, role: user.role };
}

/** Another person as shown next to a ticket or message: never their email or role details. */
export interface PersonRef {
  id: string;
  name: string;
}

export function toPersonRef(user: { id: string; name: string }): PersonRef {
  return { id: user.id, name: user.name };
}
