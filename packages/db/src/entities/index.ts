import { Message } from './message.ts';
import { Session } from './session.ts';
import { Ticket } from './ticket.ts';
import { TicketSearch } from './ticket-search.ts';
import { User } from './user.ts';

export { Message, Session, Ticket, TicketSearch, User };

/** Every entity the ORM knows; the migrations of both dialects are generated from exactly these. */
export const entities = [User, Session, Ticket, Message, TicketSearch];
