import { useEffect, useMemo, type ReactNode } from 'react';

/** A link that downloads a stored file; its object URL lives only as long as the link. */
export function FileDownloadLink({ data, name, children, testId, className }: { data: Blob; name: string; children: ReactNode; testId?: string; className?: string }) {
  const url = useMemo(() => URL.createObjectURL(data), [data]);
  useEffect(() => () => URL.revokeObjectURL(url), [url]);
  return (
    <a href={url} download={name} data-testid={testId} className={className}>
      {children}
    </a>
  );
}
