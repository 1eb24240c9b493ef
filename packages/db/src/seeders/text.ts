/** Deterministic pseudo-random text, so a seeded desk (and a benchmark run on it) is reproducible. */

/** mulberry32: a tiny seeded PRNG; plenty for fake data. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

export function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)] as T;
}

export const PRODUCTS = [
  'printer',
  'laptop',
  'invoice',
  'password',
  'account',
  'router',
  'subscription',
  'refund',
  'order',
  'shipment',
  'license',
  'mailbox',
  'calendar',
  'phone',
  'monitor',
  'keyboard',
  'backup',
  'dashboard',
  'report',
  'export',
];
const PROBLEMS = [
  'does not work',
  'keeps crashing',
  'is very slow',
  'shows an error',
  'was charged twice',
  'never arrived',
  'cannot be opened',
  'stopped syncing',
  'is missing',
  'looks wrong',
];
const WORDS =
  'please help urgent again yesterday morning customer support team update status question issue problem error message screen login settings browser version install configure network connection wireless cable battery screen display payment card bank transfer delivery address tracking number warehouse manager office remote access firewall certificate expired renewal contract upgrade downgrade migration database server timeout restart reboot factory reset warranty repair replacement'.split(
    ' ',
  );
const FIRST = [
  'Ann',
  'Ben',
  'Chloe',
  'Dmitri',
  'Elif',
  'Farah',
  'Goran',
  'Hana',
  'Ivo',
  'Jonas',
  'Kira',
  'Liam',
  'Mei',
  'Nadia',
  'Oscar',
  'Priya',
  'Quinn',
  'Rosa',
  'Sven',
  'Tariq',
  'Uma',
  'Viktor',
  'Wen',
  'Yusuf',
  'Zoe',
];
const LAST = [
  'Adler',
  'Brooks',
  'Costa',
  'Dubois',
  'Eriksen',
  'Fischer',
  'Garcia',
  'Haddad',
  'Ito',
  'Jensen',
  'Kowalski',
  'Lopez',
  'Moreau',
  'Novak',
  'Okafor',
  'Petrov',
  'Rossi',
  'Silva',
  'Tanaka',
  'Weber',
];

export function personName(random: () => number): string {
  return `${pick(random, FIRST)} ${pick(random, LAST)}`;
}

/** What a ticket is about: one product, named in its subject and mostly in its conversation. */
export function ticketTopic(random: () => number): { product: string; subject: string } {
  const product = pick(random, PRODUCTS);
  return { product, subject: `My ${product} ${pick(random, PROBLEMS)}` };
}

/** How often a conversation names its own product when it names one (otherwise any product). */
const ON_TOPIC = 0.95;

/**
 * The long tail of a desk's words: model names, error codes, places, people's own words. Real text
 * follows Zipf's law (a word's frequency falls with its rank), so most words are rare: an agent's
 * search for one of them finds a handful of tickets even in a million. 200,000 made-up words of
 * three syllables (distinct for every rank, in no alphabetical order).
 */
export const TAIL_WORDS = 200_000;
const SYLLABLES = [...'bdfgklmnprstvz'].flatMap((consonant) =>
  [...'aeiou'].map((vowel) => consonant + vowel),
);
const SYLLABLE_SPACE = SYLLABLES.length ** 3; // 343,000: the rank is scattered over it

/** The word of the given rank in the long tail (1 is the most common; up to `TAIL_WORDS`). */
export function tailWord(rank: number): string {
  const n = (rank * 7919 + 13) % SYLLABLE_SPACE; // 7919 is prime and shares no factor with 70³
  const base = SYLLABLES.length;
  return `${SYLLABLES[Math.floor(n / base / base)]}${SYLLABLES[Math.floor(n / base) % base]}${SYLLABLES[n % base]}`;
}

/** A rank drawn with Zipf's 1/rank law from one uniform draw (log-uniform over 1..TAIL_WORDS). */
function zipfRank(draw: number): number {
  return Math.max(1, Math.floor(TAIL_WORDS ** draw));
}

/** A product named in a message: the conversation's own, now and then another (one draw). */
function productMention(draw: number, topic: string | undefined): string {
  if (topic === undefined) return PRODUCTS[Math.floor(draw * PRODUCTS.length)] as string;
  if (draw < ON_TOPIC) return topic;
  return PRODUCTS[Math.floor(((draw - ON_TOPIC) / (1 - ON_TOPIC)) * PRODUCTS.length)] as string;
}

/** A message of the conversation about `topic` (a product; any product when not given). */
export function paragraph(
  random: () => number,
  topic?: string,
  words = 20 + Math.floor(random() * 40),
): string {
  // Concatenation rather than an array and join: millions of paragraphs make a million-ticket desk.
  const first = pick(random, WORDS);
  let text = `${first.charAt(0).toUpperCase()}${first.slice(1)}`;
  for (let i = 1; i < words; i++) {
    // One draw per word whatever its kind, so the rest of a seeded desk stays what it was.
    const draw = random();
    const word =
      i % 9 === 4
        ? productMention(draw, topic)
        : i % 4 === 2
          ? tailWord(zipfRank(draw))
          : WORDS[Math.floor(draw * WORDS.length)];
    text += ` ${word}`;
  }
  return `${text}.`;
}

/**
 * An item with a skewed (roughly Zipf-like) chance: the first items are picked far more often than
 * the last, like the few tags, categories or customers that make up most of a real desk's traffic.
 */
export function skewedPick<T>(random: () => number, items: readonly T[], skew = 2): T {
  return items[Math.floor(random() ** skew * items.length)] as T;
}

/** Thirty tag names, most common first (see `skewedPick`). */
export const TAG_NAMES = [
  'billing',
  'refund',
  'bug',
  'how-to',
  'vip',
  'login',
  'shipping',
  'feature-request',
  'invoice',
  'password-reset',
  'mobile',
  'integration',
  'api',
  'outage',
  'performance',
  'onboarding',
  'cancellation',
  'upgrade',
  'downgrade',
  'security',
  'gdpr',
  'data-export',
  'email',
  'notifications',
  'sso',
  'returns',
  'warranty',
  'damaged',
  'partner',
  'escalated',
];

const ORGANIZATION_WORDS = [
  'Acme',
  'Globex',
  'Initech',
  'Umbrella',
  'Stark',
  'Wayne',
  'Hooli',
  'Vandelay',
  'Soylent',
  'Tyrell',
  'Cyberdyne',
  'Wonka',
  'Gringotts',
  'Oscorp',
  'Monarch',
  'Dunder',
  'Pied Piper',
  'Aperture',
  'Black Mesa',
  'Nakatomi',
];
const ORGANIZATION_KINDS = ['Ltd', 'Inc', 'GmbH', 'Group', 'Labs', 'Systems', 'Trading', 'Partners'];

/** The `index`-th organization name: distinct for every index, so the unique index never trips. */
export function organizationName(index: number): string {
  const word = ORGANIZATION_WORDS[index % ORGANIZATION_WORDS.length];
  const kind = ORGANIZATION_KINDS[Math.floor(index / ORGANIZATION_WORDS.length) % ORGANIZATION_KINDS.length];
  const round = Math.floor(index / (ORGANIZATION_WORDS.length * ORGANIZATION_KINDS.length));
  return round === 0 ? `${word} ${kind}` : `${word} ${kind} ${round + 1}`;
}
