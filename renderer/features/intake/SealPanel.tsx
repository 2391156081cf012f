import { useState } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { getDatabase } from '../../db/deskHandle';
import { getDossier } from '../../db/queries/dossiers';
import { dossierFileNamed } from '../../db/queries/files';
import { dossierComponents } from '../../db/queries/components';
import { componentsWithPages } from '../../db/queries/pages';
import { readStatusHistory } from '../../db/queries/statusHistory';
import { useT } from '../../i18n/i18n';
import { getDesk } from '../../platform/desk';
import { DeskFailure } from '../../../preload/shared/errors/DeskFailure';
import { findMissingRequiredComponents } from '../../../preload/shared/domain/intakeCheck';
import { formatVietnamDateTime } from '../../../preload/shared/domain/calendar/localDate';
import { sealDossier } from '../../operations/dossier/sealDossier';
import { generateControlSheet, generateReceipt, receiptFileName } from '../../operations/forms/generateReceipt';
import { generateSupplementRequest, postponeDossier, refuseDossier } from '../../operations/forms/deskForms';
import { DOSSIER_STATUS_NAMES } from '../../../preload/shared/domain/dossierStatus';
import { DigitizeStatus } from '../../widgets/digitize/DigitizeStatus';
import { useDigitize } from '../../operations/digitize/digitizeStore';
import { FileDownloadLink } from '../../widgets/digitize/FileDownloadLink';
import { DateTimeField } from '../../widgets/DateField';

type Notice = { kind: 'ok' | 'error'; text: string };

/**
 * The last step of intake: seal the dossier (code, due date) and hand out Mẫu 01. Sealing is
 * blocked while a mandatory component has no pages, unless the officer ticks the override and
 * gives a reason, which goes to the audit log. A sealed dossier shows its code and due date and
 * can be printed or downloaded again at any time.
 */
export function SealPanel({ dossierId }: { dossierId: string }) {
  const t = useT();
  const db = getDatabase();
  // The dossier and its stored receipt are read together, so a fingerprint on screen never sits
  // beside the receipt from before it.
  const encryptedView = useLiveQuery(async () => {
    const dossier = await getDossier(db, dossierId);
    const code = dossier?.code;
    const receiptFile = code ? await dossierFileNamed(db, dossierId, receiptFileName(code)) : undefined;
    return { dossier, receiptFile };
  }, [dossierId]);
  const dossier = encryptedView?.dossier;
  const receiptFile = encryptedView?.receiptFile;
  const components = useLiveQuery(() => dossierComponents(db, dossierId), [dossierId]);
  // Which components have pages, from the indexes: the intake check opens no page image.
  const pages = useLiveQuery(() => componentsWithPages(db, dossierId), [dossierId]);
  const history = useLiveQuery(() => readStatusHistory(db, dossierId), [dossierId]);
  const [override, setOverride] = useState(false);
  const [refusing, setRefusing] = useState(false);
  const [refusalReason, setRefusalReason] = useState('');
  const [postponing, setPostponing] = useState(false);
  const [newDue, setNewDue] = useState('');
  const [lateReason, setLateReason] = useState('');
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState<'sealing' | 'generating' | undefined>();
  const [notice, setNotice] = useState<Notice>();

  if (!dossier || !components || !pages || !history) return null;
  const current = history[history.length - 1];
  const refused = current?.to === 3;
  const missing = findMissingRequiredComponents(components, pages);
  const sealed = Boolean(dossier.code && dossier.dueAt);
  const saved = dossier.status !== 'draft';
  const canSeal = saved && !busy && !refused && (missing.length === 0 || (override && reason.trim().length >= 5));

  function describe(error: unknown): string {
    if (error instanceof DeskFailure) return error.userMessage;
    return t('error.unexpected', { message: error instanceof Error ? error.message : String(error) });
  }

  async function seal() {
    setNotice(undefined);
    setBusy('sealing');
    try {
      const result = await sealDossier(db, dossierId, missing.length > 0 ? { override: { reason } } : {});
      setBusy('generating');
      await generateReceipt(db, dossierId);
      const sealedText = t('receipt.sealed', { code: result.code, due: formatVietnamDateTime(new Date(result.dueAt)) });
      setNotice({ kind: 'ok', text: result.notice ? `${sealedText} ${result.notice}` : sealedText });
      // The receipt is handed out at once; OCR and packaging follow in the background.
      useDigitize.getState().enqueue(dossierId);
    } catch (error) {
      setNotice({ kind: 'error', text: describe(error) });
    } finally {
      setBusy(undefined);
    }
  }

  async function sendToPrinter(makePdf: () => Promise<Uint8Array<ArrayBuffer>>, title: string) {
    setNotice(undefined);
    try {
      const pdf = await makePdf();
      const reply = await getDesk().print.printPdf({ pdf, title });
      if (!reply.ok) setNotice({ kind: 'error', text: reply.error.message });
      else if (reply.value.outcome === 'printed') setNotice({ kind: 'ok', text: t('receipt.printed') });
      else if (reply.value.outcome === 'cancelled') setNotice({ kind: 'ok', text: t('receipt.printCancelled') });
      else setNotice({ kind: 'ok', text: t('receipt.spooled', { path: reply.value.path }) });
    } catch (error) {
      setNotice({ kind: 'error', text: describe(error) });
    }
  }

  const code = dossier.code ?? '';
  const printReceipt = () =>
    sendToPrinter(async () => (receiptFile ? new Uint8Array(await receiptFile.data.arrayBuffer()) : generateReceipt(db, dossierId)), `Giấy tiếp nhận ${code}`);
  const printControlSheet = () => sendToPrinter(() => generateControlSheet(db, dossierId), `Phiếu kiểm soát ${code}`);
  const printSupplementRequest = () => sendToPrinter(() => generateSupplementRequest(db, dossierId), 'Phiếu yêu cầu bổ sung hồ sơ');
  // The officer enters the new date as Vietnamese wall-clock time, whatever the machine's zone.
  const postpone = () => sendToPrinter(() => postponeDossier(db, dossierId, new Date(`${newDue}:00+07:00`), lateReason), `Phiếu xin lỗi và hẹn lại ${code}`);
  const refuse = () => sendToPrinter(() => refuseDossier(db, dossierId, refusalReason), 'Phiếu từ chối tiếp nhận hồ sơ');

  return (
    <section className="card seal-panel" data-testid="seal-panel" aria-labelledby="seal-heading">
      <h2 id="seal-heading">{t('receipt.heading')}</h2>
      {!sealed && !saved && <p className="hint">{t('receipt.saveFirst')}</p>}
      {refused && (
        <div className="alert error" data-testid="refused">
          {t('receipt.refusedNotice', { status: DOSSIER_STATUS_NAMES[3], reason: current?.reason ?? '' })}
        </div>
      )}
      {!sealed && !refused && missing.length > 0 && (
        <div className="alert error" data-testid="missing-components">
          <div>{t('receipt.missing', { names: missing.map((component) => `«${component.name}»`).join(', ') })}</div>
          <label className="checkbox">
            <input type="checkbox" name="sealOverride" checked={override} onChange={(event) => setOverride(event.target.checked)} />
            {t('receipt.override')}
          </label>
          {override && (
            <label>
              {t('receipt.overrideReason')}
              <input type="text" name="sealOverrideReason" value={reason} onChange={(event) => setReason(event.target.value)} />
            </label>
          )}
        </div>
      )}
      {sealed && (
        <dl className="receipt-facts" data-testid="receipt-facts">
          <dt>{t('receipt.code')}</dt>
          <dd data-testid="dossier-code">{dossier.code}</dd>
          <dt>{t('receipt.due')}</dt>
          <dd data-testid="due-at">{formatVietnamDateTime(new Date(dossier.dueAt ?? 0))}</dd>
        </dl>
      )}
      {sealed && <DigitizeStatus dossier={dossier} />}
      {notice && (
        <div className={notice.kind === 'ok' ? 'alert ok' : 'alert error'} role={notice.kind === 'ok' ? 'status' : 'alert'}>
          {notice.text}
        </div>
      )}
      {refusing && !sealed && !refused && (
        <div className="refusal" data-testid="refusal">
          <label>
            {t('receipt.refusalReason')}
            <input type="text" name="refusalReason" value={refusalReason} onChange={(event) => setRefusalReason(event.target.value)} />
          </label>
          <button type="button" className="primary" disabled={refusalReason.trim().length < 5} onClick={() => void refuse()}>
            {t('receipt.refuseConfirm')}
          </button>
        </div>
      )}
      {postponing && sealed && (
        <div className="refusal" data-testid="postpone">
          <label>
            {t('receipt.apologyDate')}
            <DateTimeField name="newDueAt" value={newDue} onChange={setNewDue} />
          </label>
          <label>
            {t('receipt.apologyReason')}
            <input type="text" name="lateReason" value={lateReason} onChange={(event) => setLateReason(event.target.value)} />
          </label>
          <button type="button" className="primary" disabled={!newDue || lateReason.trim().length < 5} onClick={() => void postpone()}>
            {t('receipt.apologyConfirm')}
          </button>
        </div>
      )}
      <div className="actions">
        {!sealed && !refused && saved && missing.length > 0 && (
          <button type="button" className="secondary" onClick={() => void printSupplementRequest()}>
            {t('receipt.printSupplement')}
          </button>
        )}
        {!sealed && !refused && saved && (
          <button type="button" className="secondary" aria-expanded={refusing} onClick={() => setRefusing(!refusing)}>
            {t('receipt.refuse')}
          </button>
        )}
        {!sealed && !refused && (
          <button type="button" className="primary" disabled={!canSeal} aria-keyshortcuts="Control+Enter" title="Ctrl+Enter" onClick={() => void seal()}>
            {busy === 'sealing' ? t('receipt.sealing') : busy === 'generating' ? t('receipt.generating') : t('receipt.seal')}
          </button>
        )}
        {sealed && (
          <>
            <button type="button" className="primary" aria-keyshortcuts="Control+P" title="Ctrl+P" onClick={() => void printReceipt()}>
              {t('receipt.print')}
            </button>
            <button type="button" className="secondary" onClick={() => void printControlSheet()}>
              {t('receipt.printControlSheet')}
            </button>
            <button type="button" className="secondary" aria-expanded={postponing} onClick={() => setPostponing(!postponing)}>
              {t('receipt.apology')}
            </button>
            {receiptFile && dossier.code && (
              <FileDownloadLink className="button secondary" data={receiptFile.data} name={receiptFileName(dossier.code)} testId="receipt-download" auditDossierId={dossier.id}>
                {t('receipt.download')}
              </FileDownloadLink>
            )}
          </>
        )}
      </div>
    </section>
  );
}
