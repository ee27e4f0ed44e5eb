/** Numbers as the page shows them: fixed decimals, a sign on changes, "–" for a missing value. */

export function fixed(value: number | null | undefined, decimals = 0): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '–';
  const text = value.toFixed(decimals);
  return Number(text) === 0 ? (0).toFixed(decimals) : text;
}

export function signed(value: number | null | undefined, decimals = 0): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '–';
  const text = value.toFixed(decimals);
  if (Number(text) === 0) return (0).toFixed(decimals);
  return value > 0 ? `+${text}` : text.replace('-', '−');
}

export function interval(range: readonly [number, number] | null | undefined, decimals = 0, unit = ''): string {
  if (!range) return '–';
  const suffix = unit ? ` ${unit}` : '';
  return `${signed(range[0], decimals)} to ${signed(range[1], decimals)}${suffix}`;
}

/** "tight-heel-cord" -> "tight heel cord"; "hip_flexion_r" -> "hip flexion r". */
export function words(name: string): string {
  return name.replace(/[_-]+/g, ' ');
}

/** Escapes text for HTML. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[char] as string);
}
