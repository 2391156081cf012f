import { useEffect, useMemo, type ReactNode } from 'react';
import { getDatabase } from '../../db/deskHandle';
import { recordAccess } from '../../operations/audit/recordAudit';

/**
 * A link that downloads a stored file; its object URL lives only as long as the link. With
 * `auditDossierId` every download is recorded in the audit log as an export of that dossier's file.
 */
export function FileDownloadLink({
  data,
  name,
  children,
  testId,
  className,
  auditDossierId,
}: {
  data: Blob;
  name: string;
  children: ReactNode;
  testId?: string;
  className?: string;
  auditDossierId?: string;
}) {
  const url = useMemo(() => URL.createObjectURL(data), [data]);
  useEffect(() => () => URL.revokeObjectURL(url), [url]);
  const onClick = auditDossierId
    ? () => void recordAccess(getDatabase(), 'file-exported', auditDossierId, { name }).catch((error: unknown) => console.error('Không ghi được nhật ký tải tệp', error))
    : undefined;
  return (
    <a href={url} download={name} data-testid={testId} className={className} onClick={onClick}>
      {children}
    </a>
  );
}
