/**
 * JSON.stringify that writes bigint values as bare JSON numbers, as venues do for 19-digit ids
 * (so the connectors' lossless parsing is exercised for real).
 */
export function stringifyJson(value: unknown): string {
  const marks: string[] = [];
  const text = JSON.stringify(value, (_k, v) => {
    if (typeof v === 'bigint') {
      marks.push(v.toString());
      return `__BIGINT_${marks.length - 1}__`;
    }
    return v;
  });
  if (marks.length === 0) return text;
  return text.replace(/"__BIGINT_(\d+)__"/g, (_m, i: string) => marks[Number(i)] as string);
}
