/** Local books (issue 22): upload a TXT or EPUB, list the TOC rules, split a TXT again. */
import { ApiError, ensureCsrf, failedAnswer, readJson, request, url, withQuery } from './client.ts';
import type { LocalImport, TocRule } from './types.ts';

export const tocRules = () => request<TocRule[]>('GET', '/local-books/rules');

export const resplit = (bookId: number, rule: number) =>
  request<LocalImport>('PUT', url`/local-books/${bookId}/rule`, { rule });

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
    xhr.open('POST', withQuery('/api/local-books', { name: file.name }));
    xhr.setRequestHeader('content-type', 'application/octet-stream');
    xhr.setRequestHeader('accept', 'application/json');
    xhr.setRequestHeader('X-CSRF-Token', csrf);
    xhr.upload.onprogress = (event) => onProgress(event.loaded, event.total || file.size);
    xhr.onerror = () => reject(new ApiError(0, 'offline', 'the upload did not reach the server'));
    xhr.onload = () => {
      const data = readJson(xhr.responseText);
      if (xhr.status === 201) return resolve(data as LocalImport);
      reject(failedAnswer(xhr.status, xhr.statusText, data));
    };
    xhr.send(file);
  });
}
