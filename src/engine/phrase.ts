/** How muted words are compared: case and runs of white space do not matter. Shared by the engine and the background that stores mutes. */
export function phraseKey(words: string): string {
  return words.replace(/\s+/g, ' ').trim().toLowerCase();
}
