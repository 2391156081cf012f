import { useEffect, useMemo, useState } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { getDatabase } from '../../db/deskHandle';
import { getDossier, sealedDossiersOfPeriod } from '../../db/queries/dossiers';
import { getProcedure, proceduresByCodes } from '../../db/queries/procedures';
import { getApplicant } from '../../db/queries/applicants';
import { dossierFiles } from '../../db/queries/files';
import { dossierPages } from '../../db/queries/pages';
import { getReview, reviewsOf } from '../../db/queries/reviews';
import { usersByIds } from '../../db/queries/users';
import { useLocale, useT } from '../../i18n/i18n';
import { addDays, formatVietnamDateTime, fromVietnamClock, toVietnamClock } from '../../../preload/shared/domain/calendar/localDate';
import { useNavigation } from '../../operations/app/navigationStore';
import type { Page } from '../../db/types';
import { recordAccess } from '../../operations/audit/recordAudit';
import { PdfPages } from './PdfPages';
import { decideReview, isResubmitted } from '../../operations/dossier/reviewDecision';
import { DateField } from '../../widgets/DateField';
import { userMessageOf } from '../../../preload/shared/errors/DeskFailure';
import { isSupervisorDesk, useOfficeLink } from '../../operations/office/officeLink';
import { OfficeReview } from './OfficeReview';

/** The review queue of a day, or one dossier under review; on a supervisor desk, the office's queue from the hub first. */
export function ReviewScreen() {
  const dossierId = useNavigation((state) => state.reviewDossierId);
  const office = useOfficeLink((state) => state.info);
  useEffect(() => void useOfficeLink.getState().refresh(), []);
  if (dossierId) return <ReviewDossier key={dossierId} dossierId={dossierId} />;
  return (
    <>
      {isSupervisorDesk(office) && <OfficeReview />}
      <ReviewQueue />
    </>
  );
}

/** Sealed dossiers of the chosen day with their review state; undecided and resubmitted ones first. */
function ReviewQueue() {
  const t = useT();
  const db = getDatabase();
  const openReview = useNavigation((state) => state.openReview);
  const [day, setDay] = useState(() => toVietnamClock(new Date()).date);
  const rows = useLiveQuery(async () => {
    const start = fromVietnamClock(day, 0, 0).getTime();
    const end = fromVietnamClock(addDays(day, 1), 0, 0).getTime();
    const dossiers = await sealedDossiersOfPeriod(db, start, end);
    const [reviews, procedures, officers] = await Promise.all([
      reviewsOf(db, dossiers.map((dossier) => dossier.id)),
      proceduresByCodes(db, dossiers.map((dossier) => dossier.procedureCode)),
      usersByIds(db, dossiers.map((dossier) => dossier.officerId ?? '')),
    ]);
    const rank = (i: number) => (!reviews[i] || isResubmitted(reviews[i], dossiers[i]!.updatedAt) ? 0 : reviews[i]!.state === 'rescan' ? 1 : 2);
    return dossiers
      .map((dossier, i) => ({ dossier, review: reviews[i], procedure: procedures[i], officer: officers[i], rank: rank(i) }))
      .sort((a, b) => a.rank - b.rank || (a.dossier.receivedAt ?? 0) - (b.dossier.receivedAt ?? 0));
  }, [db, day]);

  const stateLabel = (rank: number, resubmitted: boolean) => (rank === 0 ? (resubmitted ? t('review.resubmitted') : t('review.pending')) : rank === 1 ? t('review.sentBack') : t('review.accepted'));
  return (
    <section className="card review" aria-labelledby="review-heading">
      <div className="intake-head">
        <h1 id="review-heading">{t('review.heading')}</h1>
        <label className="field inline">
          <span>{t('dashboard.day')}</span>
          <DateField name="reviewDay" value={day} onChange={(date) => date && setDay(date)} />
        </label>
      </div>
      {rows && rows.length === 0 && <p className="muted">{t('review.empty')}</p>}
      {rows && rows.length > 0 && (
        <table className="table" data-testid="review-table">
          <thead>
            <tr>
              <th>{t('dossiers.col.code')}</th>
              <th>{t('dossiers.col.procedure')}</th>
              <th>{t('review.officer')}</th>
              <th>{t('review.state')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {rows.map(({ dossier, review, procedure, officer, rank }) => (
              <tr key={dossier.id} data-testid="review-row" data-code={dossier.code}>
                <td>{dossier.code}</td>
                <td>{procedure?.name ?? dossier.procedureCode}</td>
                <td>{officer?.displayName ?? '—'}</td>
                <td data-testid="review-state">{stateLabel(rank, isResubmitted(review, dossier.updatedAt))}</td>
                <td>
                  <button type="button" className="secondary" onClick={() => openReview(dossier.id)}>
                    {t('review.open')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

/** One page image, for dossiers whose PDFs are not packaged yet. */
function PageImage({ page }: { page: Page }) {
  const url = useMemo(() => URL.createObjectURL(page.image), [page.image]);
  useEffect(() => () => URL.revokeObjectURL(url), [url]);
  return <img src={url} alt={`Trang ${page.order}`} className={`review-page rotate-${page.rotation}`} data-testid="review-page-image" />;
}

/** A dossier under review: its PDFs (or page images), and the decision with its reason. */
function ReviewDossier({ dossierId }: { dossierId: string }) {
  const t = useT();
  const locale = useLocale((state) => state.locale);
  const db = getDatabase();
  const openReview = useNavigation((state) => state.openReview);
  const dossier = useLiveQuery(() => getDossier(db, dossierId), [db, dossierId]);
  const procedure = useLiveQuery(() => (dossier ? getProcedure(db, dossier.procedureCode) : undefined), [db, dossier?.procedureCode]);
  const applicant = useLiveQuery(() => (dossier?.applicantId ? getApplicant(db, dossier.applicantId) : undefined), [db, dossier?.applicantId]);
  const files = useLiveQuery(() => dossierFiles(db, dossierId), [db, dossierId]);
  const pages = useLiveQuery(() => dossierPages(db, dossierId), [db, dossierId]);
  const review = useLiveQuery(() => getReview(db, dossierId), [db, dossierId]);
  const [reason, setReason] = useState('');
  const [notice, setNotice] = useState<{ ok: boolean; text: string }>();

  useEffect(() => {
    void recordAccess(db, 'dossier-viewed', dossierId, { screen: 'review' }).catch((error: unknown) => console.error('Không ghi được nhật ký xem hồ sơ', error));
  }, [db, dossierId]);

  async function decide(state: 'accepted' | 'rescan') {
    try {
      await decideReview(db, dossierId, { state, reason });
      setNotice({ ok: true, text: state === 'accepted' ? t('review.acceptedDone') : t('review.sentBackDone') });
      setReason('');
    } catch (error) {
      setNotice({ ok: false, text: userMessageOf(error) });
    }
  }

  if (dossier === undefined) return null;
  const pdfs = (files ?? []).filter((file) => file.mime === 'application/pdf' && file.componentId);
  return (
    <section className="card review" aria-labelledby="review-dossier-heading" data-testid="review-dossier">
      <div className="intake-head">
        <h1 id="review-dossier-heading">{t('review.dossierHeading', { code: dossier.code ?? t('dossiers.noCode') })}</h1>
        <button type="button" className="secondary" onClick={() => openReview(undefined)}>
          {t('review.back')}
        </button>
      </div>
      <dl className="facts">
        <dt>{t('dossiers.col.procedure')}</dt>
        <dd>{procedure?.name ?? dossier.procedureCode}</dd>
        <dt>{t('dossiers.col.applicant')}</dt>
        <dd>{applicant ? `${applicant.fullName} (${applicant.idNumber})` : '—'}</dd>
        {dossier.receivedAt && (
          <>
            <dt>{t('review.receivedAt')}</dt>
            <dd>{formatVietnamDateTime(new Date(dossier.receivedAt))}</dd>
          </>
        )}
        {review && (
          <>
            <dt>{t('review.state')}</dt>
            <dd data-testid="review-current">
              {review.state === 'accepted' ? t('review.accepted') : `${t('review.sentBack')}: ${review.reason ?? ''}`} ({new Intl.DateTimeFormat(locale === 'vi' ? 'vi-VN' : 'en-GB', { dateStyle: 'short', timeStyle: 'short', timeZone: 'Asia/Ho_Chi_Minh' }).format(review.decidedAt)})
            </dd>
          </>
        )}
      </dl>
      {pdfs.length > 0
        ? pdfs.map((file) => (
            <div key={file.id} className="review-file">
              <h2>{file.name}</h2>
              <PdfPages data={file.data} name={file.name} />
            </div>
          ))
        : (
            <>
              <p className="muted">{t('review.notDigitized')}</p>
              <div className="thumbs">{pages?.map((page) => <PageImage key={page.id} page={page} />)}</div>
            </>
          )}
      <fieldset className="review-decision">
        <legend>{t('review.decision')}</legend>
        <label className="field">
          <span>{t('review.reason')}</span>
          <textarea name="reviewReason" rows={2} value={reason} onChange={(event) => setReason(event.target.value)} />
        </label>
        <div className="actions">
          <button type="button" className="primary" onClick={() => void decide('accepted')}>
            {t('review.accept')}
          </button>
          <button type="button" className="secondary" onClick={() => void decide('rescan')}>
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
