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

const PRODUCTS = [
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

export function subjectLine(random: () => number): string {
  return `My ${pick(random, PRODUCTS)} ${pick(random, PROBLEMS)}`;
}

export function paragraph(random: () => number, words = 20 + Math.floor(random() * 40)): string {
  const out: string[] = [];
  for (let i = 0; i < words; i++) out.push(pick(random, i % 9 === 4 ? PRODUCTS : WORDS));
  const text = out.join(' ');
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}.`;
}
