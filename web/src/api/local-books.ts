/** Local books (issue 22): upload a TXT or EPUB, list the TOC rules, split a TXT again. */
import { ApiError, api, ensureCsrf } from './client.ts';
import type { LocalImport, TocRule } from './types.ts';

export const tocRules = () => api.get<TocRule[]>('/local-books/rules');

export const resplit = (bookId: number, rule: number) =>
  api.put<LocalImport>(`/local-books/${bookId}/rule`, { rule });

/**
 * Sends the file itself as the body (the server takes no forms). XMLHttpRequest, not fetch: only
 * it reports the upload's progress, which a phone on a slow link needs for a 10 MB novel.
 */
export async function uploadLocalBook(
  file: File,
  onProgress: (sent: number, total: number) => void,
): Promise<LocalImport> {
  const csrf = await ensureCsrf();
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `/api/local-books?name=${encodeURIComponent(file.name)}`);
    xhr.setRequestHeader('content-type', 'application/octet-stream');
    xhr.setRequestHeader('accept', 'application/json');
    xhr.setRequestHeader('X-CSRF-Token', csrf);
    xhr.upload.onprogress = (event) => onProgress(event.loaded, event.total || file.size);
    xhr.onerror = () => reject(new ApiError(0, 'offline', 'the upload did not reach the server'));
    xhr.onload = () => {
      let data: unknown;
      try {
        data = JSON.parse(xhr.responseText);
      } catch {
        data = undefined;
      }
      if (xhr.status === 201) return resolve(data as LocalImport);
      const failure = (data as { error?: { code?: string; message?: string } } | undefined)?.error;
      reject(
        new ApiError(
          xhr.status,
          failure?.code ?? `http-${xhr.status}`,
          failure?.message ?? xhr.statusText,
        ),
      );
    };
    xhr.send(file);
  });
}
