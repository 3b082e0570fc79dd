// What a URL or response is: an HTML page to parse, or a document to record without downloading.

const DOCUMENT_EXTENSIONS = new Set([
  'pdf', 'doc', 'docx', 'xls', 'xlsx', 'ppt', 'pptx', 'csv', 'odt', 'ods', 'odp', 'rtf',
  'zip', 'rar', '7z', 'tar', 'tgz',
]);

const DOCUMENT_TYPES = new Set([
  'application/pdf', 'application/x-pdf', 'application/msword', 'application/vnd.ms-excel',
  'application/vnd.ms-powerpoint', 'application/rtf', 'text/rtf', 'text/csv', 'application/csv',
  'application/zip', 'application/x-zip-compressed', 'application/vnd.rar', 'application/x-rar-compressed',
  'application/x-7z-compressed', 'application/x-tar', 'application/gzip', 'application/x-gzip',
]);

export function mediaType(contentType: string): string {
  return contentType.split(';', 1)[0]!.trim().toLowerCase();
}

export function isHtmlType(contentType: string): boolean {
  const t = mediaType(contentType);
  return t === 'text/html' || t === 'application/xhtml+xml';
}

export function isDocumentType(contentType: string): boolean {
  const t = mediaType(contentType);
  return (
    DOCUMENT_TYPES.has(t) ||
    t.startsWith('application/vnd.openxmlformats-officedocument.') ||
    t.startsWith('application/vnd.oasis.opendocument.')
  );
}

/** Lower-case extension of the URL's last path segment ('' when none). */
export function urlExtension(url: string | URL): string {
  let path: string;
  try {
    path = (typeof url === 'string' ? new URL(url) : url).pathname;
  } catch {
    return '';
  }
  const last = path.slice(path.lastIndexOf('/') + 1);
  const dot = last.lastIndexOf('.');
  return dot > 0 ? last.slice(dot + 1).toLowerCase() : '';
}

export function isDocumentUrl(url: string | URL): boolean {
  return DOCUMENT_EXTENSIONS.has(urlExtension(url));
}
