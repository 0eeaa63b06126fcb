/**
 * A text that counts how much of it is read: each `charCodeAt` is one unit, each `slice` as many units as it
 * copies. Text walkers that read their input only through these take it in place of a string, so a test can
 * show that the work stays linear in the input, without timing anything.
 */
export interface CountingText {
  text: Pick<string, 'length' | 'charCodeAt' | 'slice'>;
  units(): number;
}

export function countingText(value: string): CountingText {
  let units = 0;
  const text = {
    length: value.length,
    charCodeAt(index: number): number {
      units++;
      return value.charCodeAt(index);
    },
    slice(start?: number, end?: number): string {
      const copied = value.slice(start, end);
      units += Math.max(copied.length, 1);
      return copied;
    },
  };
  return { text, units: () => units };
}
