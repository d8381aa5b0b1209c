/** The page's actions: calls of the simulator's `/__sim` control API on the page's own origin. */

export class ControlCallError extends Error {
  override readonly name = 'ControlCallError';
}

/** POSTs (or DELETEs) a control call; a refused call throws with the simulator's own words. */
export async function control(path: string, body?: unknown, method: 'POST' | 'DELETE' = 'POST'): Promise<unknown> {
  const res = await fetch(`/__sim/${path}`, { method, headers: { 'Content-Type': 'application/json' }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  const answer: unknown = await res.json().catch(() => ({}));
  if (!res.ok) throw new ControlCallError((answer as { error?: string }).error ?? `${res.status}`);
  return answer;
}

/** A picked file as base64, for an inject's `data`. */
export function base64Of(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ''));
    reader.onerror = () => reject(reader.error ?? new Error('cannot read the file'));
    reader.readAsDataURL(file);
  });
}
