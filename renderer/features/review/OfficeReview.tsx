import { useEffect, useRef, useState } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { getDatabase } from '../../db/deskHandle';
import { proceduresByCodes } from '../../db/queries/procedures';
import { useT } from '../../i18n/i18n';
import { formatVietnamDateTime, parsePortalTimestamp, toVietnamClock } from '../../../preload/shared/domain/calendar/localDate';
import { DOSSIER_STATUS_NAMES, type DossierStatusCode } from '../../../preload/shared/domain/dossierStatus';
import { userMessageOf } from '../../../preload/shared/errors/DeskFailure';
import type { OfficeDossier, OfficeFilter } from '../../../preload/contract';
import { loadOfficeDossiers, loadOfficeFigures } from '../../operations/office/loadOfficeView';
import { fetchOfficeFile } from '../../operations/office/fetchOfficeFile';
import { decideOfficeReview } from '../../operations/office/decideOfficeReview';
import { OfficeFreshness } from '../../widgets/office/OfficeFreshness';
import { useOfficeView } from '../../widgets/office/useOfficeView';
import { DateField } from '../../widgets/DateField';
import { PdfPages } from './PdfPages';

const PAGE_SIZE = 20;

type Filters = Omit<OfficeFilter, 'from' | 'to'>;

/** The review queue of a supervisor desk across the office: any desk's dossiers from the hub, and one under review. */
export function OfficeReview() {
  const [open, setOpen] = useState<OfficeDossier>();
  const [round, setRound] = useState(0);
  return open ? (
    <OfficeReviewDossier
      dossier={open}
      onBack={() => {
        setOpen(undefined);
        setRound((value) => value + 1);
      }}
    />
  ) : (
    <OfficeReviewQueue onOpen={setOpen} round={round} />
  );
}

function reviewLabel(t: ReturnType<typeof useT>, dossier: OfficeDossier): string {
  if (!dossier.review) return t('review.pending');
  return dossier.review.state === 'accepted' ? t('review.accepted') : `${t('review.sentBack')}: ${dossier.review.reason ?? ''}`;
}

function receivedAt(dossier: OfficeDossier): string {
  return formatVietnamDateTime(parsePortalTimestamp(dossier.receivedAt));
}

/** The office's dossiers of a day, filtered by desk, officer, procedure, status and review state, a page at a time. */
function OfficeReviewQueue({ onOpen, round }: { onOpen(dossier: OfficeDossier): void; round: number }) {
  const t = useT();
  const db = getDatabase();
  const [day, setDay] = useState(() => toVietnamClock(new Date()).date);
  const [filters, setFilters] = useState<Filters>({});
  const [offset, setOffset] = useState(0);
  const query = { ...filters, from: day, to: day, offset, limit: PAGE_SIZE };
  const list = useOfficeView(() => loadOfficeDossiers(query), `${JSON.stringify(query)}#${round}`);
  // The filter choices come from the day's figures: every desk, and the officers and procedures seen.
  const choices = useOfficeView(() => loadOfficeFigures({ from: day, to: day }), `${day}#${round}`);
  const page = list.result?.data;
  const codes = [...new Set([...(page?.dossiers.map((dossier) => dossier.procedureCode) ?? []), ...(choices.result?.data?.byProcedure.map((entry) => entry.key) ?? [])])];
  const procedures = useLiveQuery(() => proceduresByCodes(db, codes), [db, codes.join('|')]);
  const procedureName = (code: string) => procedures?.[codes.indexOf(code)]?.name ?? code;
  const setFilter = (name: keyof Filters, value: string) => {
    setOffset(0);
    setFilters((previous) => {
      const next: Record<string, unknown> = { ...previous };
      if (!value) delete next[name];
      else next[name] = name === 'status' ? Number(value) : value;
      return next as Filters;
    });
  };
  const select = (name: keyof Filters, label: string, options: Array<{ value: string; label: string }>) => (
    <label className="field inline">
      <span>{label}</span>
      <select name={`office-${name}`} value={filters[name] === undefined ? '' : String(filters[name])} onChange={(event) => setFilter(name, event.target.value)}>
        <option value="">{t('office.all')}</option>
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </label>
  );
  const figures = choices.result?.data;

  return (
    <section className="card review" aria-labelledby="office-review-heading" data-testid="office-review">
      <div className="intake-head">
        <h1 id="office-review-heading">{t('office.queueHeading')}</h1>
        <label className="field inline">
          <span>{t('dashboard.day')}</span>
          <DateField
            name="officeReviewDay"
            value={day}
            onChange={(date) => {
              if (!date) return;
              setOffset(0);
              setDay(date);
            }}
          />
        </label>
      </div>
      <div className="filters">
        {select('deskId', t('office.filterDesk'), (figures?.desks ?? []).filter((desk) => desk.role === 'desk').map((desk) => ({ value: desk.id, label: desk.name })))}
        {select('officerId', t('office.filterOfficer'), (figures?.byOfficer ?? []).filter((entry) => entry.key).map((entry) => ({ value: entry.key, label: entry.label })))}
        {select('procedureCode', t('office.filterProcedure'), (figures?.byProcedure ?? []).map((entry) => ({ value: entry.key, label: procedureName(entry.key) })))}
        {select('status', t('office.filterStatus'), Object.entries(DOSSIER_STATUS_NAMES).map(([code, name]) => ({ value: code, label: name })))}
        {select('review', t('office.filterReview'), [
          { value: 'pending', label: t('review.pending') },
          { value: 'rescan', label: t('review.sentBack') },
          { value: 'accepted', label: t('review.accepted') },
        ])}
      </div>
      <OfficeFreshness result={list.result} loading={list.loading} onRefresh={list.reload} />
      {page && page.dossiers.length === 0 && <p className="muted">{t('office.empty')}</p>}
      {page && page.dossiers.length > 0 && (
        <>
          <table className="table" data-testid="office-review-table">
            <thead>
              <tr>
                <th>{t('dossiers.col.code')}</th>
                <th>{t('office.desk')}</th>
                <th>{t('review.officer')}</th>
                <th>{t('dossiers.col.procedure')}</th>
                <th>{t('review.receivedAt')}</th>
                <th>{t('office.filterStatus')}</th>
                <th>{t('review.state')}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {page.dossiers.map((dossier) => (
                <tr key={dossier.id} data-testid="office-review-row" data-code={dossier.code} data-desk={dossier.desk.name}>
                  <td>{dossier.code}</td>
                  <td>{dossier.desk.name}</td>
                  <td>{dossier.officer?.name ?? t('office.noOfficer')}</td>
                  <td>{procedureName(dossier.procedureCode)}</td>
                  <td>{receivedAt(dossier)}</td>
                  <td>{DOSSIER_STATUS_NAMES[dossier.status as DossierStatusCode]}</td>
                  <td data-testid="office-review-state">{dossier.delivered ? reviewLabel(t, dossier) : t('office.notDelivered')}</td>
                  <td>
                    <button type="button" className="secondary" onClick={() => onOpen(dossier)} disabled={!dossier.delivered}>
                      {t('review.open')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <div className="actions">
            <span className="muted">{t('office.pageOf', { first: page.offset + 1, last: page.offset + page.dossiers.length, total: page.total })}</span>
            <button type="button" className="secondary" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - PAGE_SIZE))}>
              {t('office.previous')}
            </button>
            <button type="button" className="secondary" disabled={page.offset + page.dossiers.length >= page.total} onClick={() => setOffset(offset + PAGE_SIZE)}>
              {t('office.next')}
            </button>
          </div>
        </>
      )}
    </section>
  );
}

/** One component PDF of another desk, fetched on demand (resumable, checked against its SHA-256), then drawn. */
function OfficePdf({ dossier, file }: { dossier: OfficeDossier; file: OfficeDossier['files'][number] }) {
  const t = useT();
  const [attempt, setAttempt] = useState(0);
  // Keyed by attempt, so the state of a failed attempt is not shown once "Tải lại" starts the next.
  const [fetched, setState] = useState<{ attempt: number; data?: Blob; received: number; error?: string }>({ attempt: 0, received: 0 });
  const state = fetched.attempt === attempt ? fetched : { attempt, received: 0 };
  useEffect(() => {
    let cancelled = false;
    fetchOfficeFile({ dossierId: dossier.id, name: file.name, sha256: file.sha256, size: file.size }, (received) => {
      if (!cancelled) setState({ attempt, received });
    }).then(
      (data) => !cancelled && setState({ attempt, data, received: file.size }),
      (error: unknown) => !cancelled && setState((previous) => ({ attempt, received: previous.received, error: userMessageOf(error) })),
    );
    return () => {
      cancelled = true;
    };
  }, [dossier.id, file.name, file.sha256, file.size, attempt]);
  const percent = file.size ? `${Math.floor((state.received / file.size) * 100)}%` : '';
  return (
    <div className="review-file" data-testid="office-file" data-name={file.name}>
      <h2>{file.name}</h2>
      {state.data && <PdfPages data={state.data} name={file.name} />}
      {!state.data && !state.error && <p className="muted">{t('office.fileLoading', { name: file.name, percent })}</p>}
      {state.error && (
        <p className="alert error" data-testid="office-file-error">
          {state.error}{' '}
          <button type="button" className="secondary" onClick={() => setAttempt((value) => value + 1)}>
            {t('office.fileRetry')}
          </button>
        </p>
      )}
    </div>
  );
}

/** Another desk's dossier under review: its component PDFs from the hub, and the decision sent to the hub. */
function OfficeReviewDossier({ dossier, onBack }: { dossier: OfficeDossier; onBack(): void }) {
  const t = useT();
  const db = getDatabase();
  const procedure = useLiveQuery(() => proceduresByCodes(db, [dossier.procedureCode]), [db, dossier.procedureCode]);
  const [reason, setReason] = useState('');
  const [notice, setNotice] = useState<{ ok: boolean; text: string }>();
  const [busy, setBusy] = useState(false);
  // One id per decision: pressing again after a lost answer sends the same decision, which the hub
  // records once; a new id only after the hub has answered.
  const decisionId = useRef(crypto.randomUUID());

  async function decide(state: 'accepted' | 'rescan') {
    setBusy(true);
    try {
      await decideOfficeReview(db, dossier, { decisionId: decisionId.current, state, reason });
      decisionId.current = crypto.randomUUID();
      setNotice({ ok: true, text: state === 'accepted' ? t('review.acceptedDone') : t('review.sentBackDone') });
      setReason('');
    } catch (error) {
      setNotice({ ok: false, text: userMessageOf(error) });
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="card review" aria-labelledby="office-dossier-heading" data-testid="office-review-dossier">
      <div className="intake-head">
        <h1 id="office-dossier-heading">{t('review.dossierHeading', { code: dossier.code })}</h1>
        <button type="button" className="secondary" onClick={onBack}>
          {t('review.back')}
        </button>
      </div>
      <dl className="facts">
        <dt>{t('office.desk')}</dt>
        <dd>{dossier.desk.name}</dd>
        <dt>{t('review.officer')}</dt>
        <dd>{dossier.officer?.name ?? t('office.noOfficer')}</dd>
        <dt>{t('dossiers.col.procedure')}</dt>
        <dd>{procedure?.[0]?.name ?? dossier.procedureCode}</dd>
        <dt>{t('dossiers.col.applicant')}</dt>
        <dd>{`${dossier.applicant.fullName} (${dossier.applicant.idNumber})`}</dd>
        <dt>{t('review.receivedAt')}</dt>
        <dd>{receivedAt(dossier)}</dd>
        {dossier.review && (
          <>
            <dt>{t('review.state')}</dt>
            <dd data-testid="review-current">{t('office.decidedBy', { state: reviewLabel(t, dossier), reviewer: dossier.review.reviewer, at: formatVietnamDateTime(new Date(dossier.review.decidedAt)) })}</dd>
          </>
        )}
      </dl>
      {dossier.files.map((file) => (
        <OfficePdf key={file.name} dossier={dossier} file={file} />
      ))}
      <fieldset className="review-decision">
        <legend>{t('review.decision')}</legend>
        <label className="field">
          <span>{t('review.reason')}</span>
          <textarea name="reviewReason" rows={2} value={reason} onChange={(event) => setReason(event.target.value)} />
        </label>
        <div className="actions">
          <button type="button" className="primary" disabled={busy} onClick={() => void decide('accepted')}>
            {t('review.accept')}
          </button>
          <button type="button" className="secondary" disabled={busy} onClick={() => void decide('rescan')}>
            {t('review.sendBack')}
          </button>
        </div>
        {notice && (
          <p className={notice.ok ? 'alert ok' : 'alert error'} data-testid="review-notice">
            {notice.text}
          </p>
        )}
      </fieldset>
    </section>
  );
}
