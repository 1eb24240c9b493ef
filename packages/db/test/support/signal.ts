/** A one-time signal between two async flows of a test: one awaits `fired`, the other calls `fire`. */
export function signal(): { fire: () => void; fired: Promise<void> } {
  let fire = () => {};
  const fired = new Promise<void>((resolve) => {
    fire = resolve;
  });
  return { fire, fired };
}
