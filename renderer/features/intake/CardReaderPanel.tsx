import { useEffect, useRef, useState } from 'react';
import type { CardKeySource, CardReaderInfo, CardReadProgress, ChipReadResult } from '../../../preload/contract/card';
import { cccdQrProblemMessages, parseCccdQr } from '../../../preload/shared/card/cccdQr';
import { decodeQrFromImage } from '../../../preload/shared/card/decodeQrFromImage';
import { findTd1InText } from '../../../preload/shared/card/mrz';
import { getOcrPool } from '../../operations/ocr/deskOcr';
import { isoToYymmdd } from '../../../preload/shared/card/cccdExpiry';
import { getDesk } from '../../platform/desk';
import { useT } from '../../i18n/i18n';
import type { ApplicantDraft } from '../../operations/dossier/validateApplicant';
import { applicantFromChip, applicantFromQr } from './applicantFromCard';
import { DateField } from '../../widgets/DateField';

interface Props {
  value: ApplicantDraft;
  onFill(value: ApplicantDraft): void;
}

/**
 * The BAC key source from what the officer gave: a QR payload, an MRZ (TD1 or a passport's TD3),
 * or the form's fields: a 12-digit CCCD number (its last 9 digits open the chip) or a passport
 * number of up to 9 letters and digits, with the birth date and the document's expiry date.
 */
export function keySourceFor(keyText: string, value: ApplicantDraft, expiryIso: string): CardKeySource | undefined {
  const text = keyText.trim();
  if (text.includes('|')) return { kind: 'qr', payload: text };
  if (text) return { kind: 'mrz', text };
  const id = value.idNumber.trim().toUpperCase();
  const documentNumber = /^\d{12}$/u.test(id) ? id.slice(-9) : /^[0-9A-Z<]{1,9}$/u.test(id) ? id : undefined;
  if (documentNumber && value.birthDate && expiryIso) {
    return { kind: 'fields', documentNumber, birthDate: isoToYymmdd(value.birthDate), expiryDate: isoToYymmdd(expiryIso) };
  }
  return undefined;
}

/**
 * Identify the applicant from the CCCD: read the chip on a PC/SC reader (opened with the QR code,
 * the MRZ or typed fields), or fill from the QR code alone. Inserting a card reads it at once when
 * a key is at hand. The badge says whether passive authentication verified the chip data.
 */
export function CardReaderPanel({ value, onFill }: Props) {
  const t = useT();
  const [readers, setReaders] = useState<CardReaderInfo[]>([]);
  // Why there is no reader list (no PC/SC service on this machine), in main's words.
  const [readerProblem, setReaderProblem] = useState<{ message: string; detail?: string }>();
  const [keyText, setKeyText] = useState('');
  const [expiry, setExpiry] = useState('');
  const [busy, setBusy] = useState(false);
  const [progress, setProgress] = useState<CardReadProgress>();
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string; detail?: string }>();
  const [result, setResult] = useState<ChipReadResult>();
  const faceImage = useRef<HTMLImageElement>(null);
  const latest = useRef({ value, keyText, expiry, busy });
  const readersRef = useRef<CardReaderInfo[]>([]);
  useEffect(() => {
    // Card events arrive outside React: they read the current form through this ref.
    latest.current = { ...latest.current, value, keyText, expiry };
  });

  async function read(readerName: string | null) {
    const { value: current, keyText: text, expiry: expiryIso, busy: running } = latest.current;
    if (running) return;
    const source = keySourceFor(text, current, expiryIso);
    if (!source) {
      setMessage({ kind: 'error', text: t('card.needKey') });
      return;
    }
    setBusy(true);
    latest.current.busy = true;
    setMessage(undefined);
    try {
      const reply = await getDesk().card.read(readerName, source);
      if (!reply.ok) {
        setMessage({ kind: 'error', text: reply.error.message, ...(reply.error.detail ? { detail: reply.error.detail } : {}) });
        return;
      }
      setResult(reply.value);
      onFill(applicantFromChip(reply.value, latest.current.value));
      setMessage({ kind: 'ok', text: t('card.chipFilled') });
    } finally {
      setBusy(false);
      latest.current.busy = false;
      setProgress(undefined);
    }
  }

  function fillFromQrText(text: string) {
    const parsed = parseCccdQr(text);
    if (!parsed.ok) {
      setMessage({ kind: 'error', text: cccdQrProblemMessages[parsed.problem] });
      return;
    }
    onFill(applicantFromQr(parsed.value, latest.current.value));
    setMessage({ kind: 'ok', text: t('card.qrFilled') });
  }
  const fillFromQr = () => fillFromQrText(keyText);

  /** Reads the MRZ from a scan or photo of the card back with the app's OCR; check digits decide. */
  async function mrzFromImage(file: File) {
    setMessage({ kind: 'ok', text: t('card.mrzReading') });
    try {
      const bytes = new Uint8Array(await file.arrayBuffer());
      const page = await getOcrPool().submit({ pageId: `card-mrz-${crypto.randomUUID()}`, dossierId: 'card-mrz', bytes, image: file });
      const mrz = findTd1InText(page.text);
      if (!mrz) {
        setMessage({ kind: 'error', text: t('card.mrzNotFound') });
        return;
      }
      setKeyText(mrz);
      latest.current = { ...latest.current, keyText: mrz };
      setMessage({ kind: 'ok', text: t('card.mrzFound') });
    } catch (error) {
      setMessage({ kind: 'error', text: t('card.mrzNotFound'), detail: error instanceof Error ? error.message : String(error) });
    }
  }

  /** Reads the QR code from a scan or photo of the card front. */
  async function qrFromImage(file: File) {
    setMessage(undefined);
    try {
      const bitmap = await createImageBitmap(file);
      const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
      const context = canvas.getContext('2d');
      if (!context) throw new Error('no 2d context');
      context.drawImage(bitmap, 0, 0);
      const pixels = context.getImageData(0, 0, bitmap.width, bitmap.height);
      bitmap.close();
      const text = decodeQrFromImage(pixels.data, pixels.width, pixels.height);
      if (!text) {
        setMessage({ kind: 'error', text: t('card.qrNotFound') });
        return;
      }
      setKeyText(text);
      latest.current = { ...latest.current, keyText: text };
      fillFromQrText(text);
    } catch (error) {
      setMessage({ kind: 'error', text: t('card.qrNotFound'), detail: error instanceof Error ? error.message : String(error) });
    }
  }

  useEffect(() => {
    const card = getDesk().card;
    let alive = true;
    const refresh = async () => {
      const reply = await card.listReaders();
      if (!alive) return;
      readersRef.current = reply.ok ? reply.value : [];
      setReaders(readersRef.current);
      setReaderProblem(reply.ok ? undefined : { message: reply.error.message, ...(reply.error.detail ? { detail: reply.error.detail } : {}) });
    };
    void refresh();
    const offReader = card.onReader(() => void refresh());
    const offCard = card.onCard((event) => {
      void refresh();
      if (event.event === 'inserted' && keySourceFor(latest.current.keyText, latest.current.value, latest.current.expiry)) void read(event.reader);
    });
    const offProgress = card.onProgress((p) => setProgress(p));
    // USB QR scanners in HID POS mode send the code to main; it arrives here like a typed one.
    void card.listQrScanners();
    const offQr = card.onQr(({ payload }) => {
      setKeyText(payload);
      latest.current = { ...latest.current, keyText: payload };
      const present = readersRef.current.find((r) => r.cardPresent);
      if (present) void read(present.name);
      else fillFromQrText(payload);
    });
    return () => {
      alive = false;
      offReader();
      offCard();
      offProgress();
      offQr();
    };
    // `read` reads everything it needs from `latest`; subscribing once is intended.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const fromChip = value.source === 'chip' && result !== undefined;
  useEffect(() => {
    const element = faceImage.current;
    if (!element || !result?.face) return;
    // The face is personal data: its object URL lives only while it is on screen.
    const url = URL.createObjectURL(new Blob([result.face.data as Uint8Array<ArrayBuffer>], { type: result.face.mime }));
    element.src = url;
    return () => URL.revokeObjectURL(url);
  }, [result, fromChip]);

  const withCard = readers.find((r) => r.cardPresent);
  const progressText = !progress
    ? undefined
    : progress.step === 'read'
      ? t('card.readFile', { file: progress.file ?? '', percent: progress.bytesTotal ? Math.round((100 * progress.bytesRead) / progress.bytesTotal) : 0 })
      : t(progress.step === 'select' ? 'card.select' : progress.step === 'authenticate' ? 'card.authenticate' : 'card.verify');

  return (
    <div className="card-reader" aria-labelledby="card-reader-heading">
      <h3 id="card-reader-heading">{t('card.heading')}</h3>
      <div className="form-grid">
        <label className="field wide">
          <span>{t('card.keyLabel')}</span>
          <textarea
            name="cardKey"
            rows={2}
            autoComplete="off"
            spellCheck={false}
            value={keyText}
            aria-describedby="card-key-hint"
            onChange={(event) => setKeyText(event.target.value)}
            onKeyDown={(event) => {
              // Keyboard-wedge QR scanners end the code with Enter.
              if (event.key !== 'Enter' || event.shiftKey) return;
              event.preventDefault();
              if (withCard) void read(withCard.name);
              else if (keyText.includes('|')) fillFromQr();
            }}
          />
          <small id="card-key-hint">{t('card.keyHint')}</small>
        </label>
        <label className="field">
          <span>{t('card.expiry')}</span>
          <DateField name="cardExpiry" value={expiry} onChange={setExpiry} />
        </label>
      </div>
      <div className="card-reader-actions">
        <button type="button" className="primary" disabled={busy} aria-keyshortcuts="Alt+C" title="Alt+C" onClick={() => void read(withCard?.name ?? null)}>
          {t('card.read')}
        </button>
        <button type="button" className="secondary" disabled={busy || !keyText.includes('|')} onClick={fillFromQr}>
          {t('card.fillFromQr')}
        </button>
        <label className="secondary file-button">
          {t('card.qrFromImage')}
          <input
            type="file"
            name="cardQrImage"
            accept="image/jpeg,image/png,image/webp"
            hidden
            onChange={(event) => {
              const file = event.target.files?.[0];
              event.target.value = '';
              if (file) void qrFromImage(file);
            }}
          />
        </label>
        <label className="secondary file-button">
          {t('card.mrzFromImage')}
          <input
            type="file"
            name="cardMrzImage"
            accept="image/jpeg,image/png,image/webp"
            hidden
            onChange={(event) => {
              const file = event.target.files?.[0];
              event.target.value = '';
              if (file) void mrzFromImage(file);
            }}
          />
        </label>
        <span className="card-reader-status" data-testid="card-reader-status" title={readers.length === 0 ? readerProblem?.detail : undefined}>
          {readers.length === 0 ? (readerProblem?.message ?? t('card.noReader')) : readers.map((r) => t('card.reader', { reader: r.name, state: r.cardPresent ? t('card.cardPresent') : t('card.cardAbsent') })).join(' · ')}
        </span>
      </div>
      {progressText && (
        <div className="card-reader-progress" role="status">
          {progressText}
        </div>
      )}
      {message && (
        <div className={message.kind === 'ok' ? 'alert ok' : 'alert error'} role={message.kind === 'ok' ? 'status' : 'alert'} title={message.detail}>
          {message.text}
        </div>
      )}
      {value.source === 'qr' && <div className="card-source">{t('card.sourceQr')}</div>}
      {fromChip && (
        <div className="chip-identity">
          {result.face && <img ref={faceImage} className="chip-face" alt={t('card.photoAlt')} />}
          <div>
            <div className="card-source">{t('card.sourceChip')}</div>
            {result.citizen.documentType && result.citizen.documentType !== 'cccd' && (
              <div className="card-source" data-testid="chip-document-type">
                {t(result.citizen.documentType === 'passport' ? 'card.documentPassport' : 'card.documentIdCard', { state: result.citizen.issuingState ?? '' })}
              </div>
            )}
            {value.chipAuthentication === 'verified' ? (
              <span className="badge verified" data-testid="chip-badge" title={t('card.verifiedHint', { csca: result.authentication.trustedBy ?? '' })}>
                {t('card.verified')}
              </span>
            ) : (
              <span className="badge unverified" data-testid="chip-badge" title={t('card.unverifiedHint', { reason: (result.authentication.reasons?.length ? result.authentication.reasons : result.authentication.problems).join(' ') })}>
                {t('card.unverified')}
              </span>
            )}
          </div>
        </div>
      )}
    </div>
  );
}
