/** About 1,200 characters, Latin and Cyrillic, with line breaks and a link: what the excerpt code has to chew on. */
export function articleBody(seed: number): string {
  const paragraph = `Step ${seed}: open https://example.com/docs/${seed} and check the settings. Шаг ${seed}: проверьте настройки и сохраните.`;
  return Array.from({ length: 10 }, () => paragraph).join('\n');
}
