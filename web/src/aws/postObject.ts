// S3 POST Object with a presigned form (a file-drop upload): the policy's
// fields first, then the file, as multipart/form-data. XMLHttpRequest, not
// fetch, because only it reports upload progress.

import type { PostTarget } from "./shares";

/** The form S3 expects: every field of the presigned policy in order, the file last (S3 ignores fields after it). */
export function postForm(target: PostTarget, file: Blob, name: string): FormData {
  const form = new FormData();
  for (const [k, v] of Object.entries(target.fields)) form.append(k, v);
  if (!("key" in target.fields)) form.append("key", target.key);
  form.append("file", file, name);
  return form;
}

/** Why S3 refused a POST, from its XML error (<Code>, <Message>) or the status. */
export function postFailure(name: string, status: number, body: string): string {
  const code = /<Code>([^<]*)<\/Code>/.exec(body)?.[1];
  const message = /<Message>([^<]*)<\/Message>/.exec(body)?.[1];
  if (code === "EntityTooLarge") return `${name}: too large for this file-drop link (${message ?? code}).`;
  if (code === "AccessDenied" && /expired/i.test(message ?? "")) return `${name}: the upload permission expired; try again.`;
  if (code) return `${name}: refused by the storage (${code}${message ? `: ${message}` : ""}, HTTP ${status}).`;
  if (status === 0) return `${name}: network error: check your connection and try again.`;
  return `${name}: refused by the storage (HTTP ${status}).`;
}

/** Uploads one file; onProgress(sent, total) as it goes. Rejects with an Error whose message names the file. */
export function postObject(target: PostTarget, file: File, onProgress: (sent: number, total: number) => void, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", target.url);
    xhr.upload.onprogress = (e) => onProgress(e.loaded, e.lengthComputable ? e.total : file.size);
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) {
        onProgress(file.size, file.size);
        resolve();
      } else reject(new Error(postFailure(file.name, xhr.status, xhr.responseText)));
    };
    xhr.onerror = () => reject(new Error(postFailure(file.name, 0, "")));
    xhr.onabort = () => reject(new DOMException(`${file.name}: cancelled.`, "AbortError"));
    signal?.addEventListener("abort", () => xhr.abort(), { once: true });
    xhr.send(postForm(target, file, file.name));
  });
}
