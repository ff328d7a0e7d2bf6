import { ApiError, ensureCsrf, failedAnswer, readJson, unanswered } from './client.ts';

export interface ShelfUpdateOutcome {
  checked: number;
  newChapters: number;
  books: {
    bookId: number;
    title: string;
    newChapters: number;
    failed: { source: string; error: { code: string; message: string } }[];
  }[];
}

/**
 * "Update all now": POST /api/shelf/update, read as the Server-Sent Events it answers with
 * (src/server/routes/shelf-update-routes.ts): `onProgress` after each source checked, the
 * outcome when all are done. A fetch, not EventSource, which only GETs.
 */
export async function updateShelf(
  onProgress: (done: number, total: number) => void,
): Promise<ShelfUpdateOutcome> {
  let response: Response;
  try {
    response = await fetch('/api/shelf/update', {
      method: 'POST',
      credentials: 'same-origin',
      headers: { accept: 'text/event-stream', 'X-CSRF-Token': await ensureCsrf() },
    });
  } catch (error) {
    throw unanswered(error);
  }
  if (!response.ok || !response.body)
    throw failedAnswer(response.status, response.statusText, readJson(await response.text()));
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += value;
    let end: number;
    // Frames end with a blank line: "event: name\ndata: {...}\n\n".
    while ((end = buffer.indexOf('\n\n')) !== -1) {
      const frame = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const name = /^event: (.+)$/m.exec(frame)?.[1];
      const data = /^data: (.*)$/m.exec(frame)?.[1];
      if (name === undefined || data === undefined) continue;
      const payload = JSON.parse(data) as Record<string, unknown>;
      if (name === 'progress') onProgress(Number(payload['done']), Number(payload['total']));
      else if (name === 'done') return payload as unknown as ShelfUpdateOutcome;
      else if (name === 'error')
        throw new ApiError(500, String(payload['code']), String(payload['message']));
    }
  }
  throw new ApiError(0, 'offline', 'the update stopped before it finished');
}
