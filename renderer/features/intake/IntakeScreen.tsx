import { useEffect, useMemo, useState } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { getDatabase } from '../../db/deskHandle';
import { getDossier } from '../../db/queries/dossiers';
import { getProcedure } from '../../db/queries/procedures';
import { getApplicant } from '../../db/queries/applicants';
import type { Procedure } from '../../db/types';
import { useT } from '../../i18n/i18n';
import { useAppInfo } from '../../operations/app/appInfoStore';
import { useNavigation } from '../../operations/app/navigationStore';
import { ProcedurePicker } from './ProcedurePicker';
import { ApplicantForm } from './ApplicantForm';
import { ComponentChecklist } from './ComponentChecklist';
import { SealPanel } from './SealPanel';
import { draftFromApplicant, saveDossier, startDraftDossier, storeApplicantDraft } from '../../operations/dossier/dossierDrafts';
import { createApplicantAutosave, type AutosaveState } from '../../operations/dossier/createApplicantAutosave';
import { emptyApplicant, validateApplicant, type ApplicantDraft } from '../../operations/dossier/validateApplicant';
import { recordAccess } from '../../operations/audit/recordAudit';

/**
 * The officer's main screen: pick the procedure, identify the applicant, add the pages of each
 * component, save. A dossier opened from the list resumes here with everything it had. Choosing a
 * procedure stores nothing; the first applicant field or page stores the draft, and the fields are
 * then stored as they are typed (a pause, leaving a field, leaving the screen or the page).
 */
export function IntakeScreen({ dossierId: initialDossierId }: { dossierId: string | undefined }) {
  const t = useT();
  const db = getDatabase();
  const training = useAppInfo((state) => state.info?.mode !== 'production');
  const openDossier = useNavigation((state) => state.openDossier);
  const [dossierId, setDossierId] = useState(initialDossierId);
  const [applicant, setApplicant] = useState<ApplicantDraft>(emptyApplicant);
  const [showProblems, setShowProblems] = useState(false);
  const [notice, setNotice] = useState<{ kind: 'ok' | 'error'; text: string }>();
  // The procedure of a draft not stored yet (the dossier record has it once stored).
  const [pendingProcedureCode, setPendingProcedureCode] = useState<string>();
  const [autosaveState, setAutosaveState] = useState<AutosaveState>('idle');

  const dossier = useLiveQuery(() => (dossierId ? getDossier(db, dossierId) : undefined), [dossierId]);
  const procedureCode = dossier?.procedureCode ?? pendingProcedureCode;
  const procedure = useLiveQuery(() => (procedureCode ? getProcedure(db, procedureCode) : undefined), [procedureCode]);

  const autosave = useMemo(() => createApplicantAutosave((id, value) => storeApplicantDraft(db, id, value), setAutosaveState), [db]);
  useEffect(() => {
    // What was typed is stored when the officer leaves the screen or the page goes away.
    const onHide = () => void autosave.flush();
    const onVisibility = () => document.visibilityState === 'hidden' && onHide();
    window.addEventListener('pagehide', onHide);
    document.addEventListener('visibilitychange', onVisibility);
    return () => {
      window.removeEventListener('pagehide', onHide);
      document.removeEventListener('visibilitychange', onVisibility);
      onHide();
    };
  }, [autosave]);

  useEffect(() => {
    // Resuming a saved dossier: load its applicant once into the form.
    if (!initialDossierId) return;
    let cancelled = false;
    void (async () => {
      const stored = await getDossier(db, initialDossierId);
      const person = stored?.applicantId ? await getApplicant(db, stored.applicantId) : undefined;
      if (cancelled) return;
      setApplicant(draftFromApplicant(person));
      if (stored) await recordAccess(db, 'dossier-viewed', initialDossierId, { screen: 'intake' });
    })();
    return () => {
      cancelled = true;
    };
  }, [db, initialDossierId]);

  const problems = useMemo(() => validateApplicant(applicant), [applicant]);

  function pick(chosen: Procedure) {
    setNotice(undefined);
    const draft = startDraftDossier(chosen, training);
    setPendingProcedureCode(chosen.code);
    setDossierId(draft.dossier.id);
  }

  /** Only the officer's own edits (typing, the card, the QR code) are stored, never the form being loaded. */
  function changeApplicant(next: ApplicantDraft) {
    setApplicant(next);
    if (dossierId) autosave.change(dossierId, next);
  }

  async function save() {
    if (!dossierId) return;
    if (Object.keys(problems).length > 0) {
      setShowProblems(true);
      setNotice({ kind: 'error', text: t('intake.fixErrors') });
      return;
    }
    try {
      await autosave.flush();
      await saveDossier(db, dossierId, applicant);
      setNotice({ kind: 'ok', text: t('intake.saved', { name: applicant.fullName.trim() }) });
    } catch (error) {
      setNotice({ kind: 'error', text: t('error.unexpected', { message: error instanceof Error ? error.message : String(error) }) });
    }
  }

  return (
    <div className="intake">
      <div className="intake-head">
        <h1>{t('intake.heading')}</h1>
        {dossierId && (
          <button type="button" className="secondary" aria-keyshortcuts="Alt+N" title="Alt+N" onClick={() => openDossier(undefined)}>
            {t('intake.newDossier')}
          </button>
        )}
      </div>
      {!dossierId && <ProcedurePicker onPick={pick} />}
      {dossierId && procedure && (
        <>
          <section className="card procedure-summary" data-testid="chosen-procedure">
            <div className="procedure-name">{procedure.name}</div>
            <div className="procedure-meta">
              {procedure.code} · {procedure.agency} · {t('intake.processingDays', { days: procedure.processingDays })}
            </div>
          </section>
          <ApplicantForm value={applicant} problems={problems} showProblems={showProblems} onChange={changeApplicant} onFieldBlur={() => void autosave.flush()} />
          {(dossier?.status ?? 'draft') === 'draft' && autosaveState !== 'idle' && (
            <div className={autosaveState === 'failed' ? 'field-error' : 'muted'} data-testid="draft-state" aria-live="polite">
              {t(autosaveState === 'pending' ? 'intake.draftSaving' : autosaveState === 'failed' ? 'intake.draftFailed' : 'intake.draftSaved')}
            </div>
          )}
          <ComponentChecklist dossierId={dossierId} />
          <div className="actions">
            {notice && (
              <div className={notice.kind === 'ok' ? 'alert ok' : 'alert error'} role={notice.kind === 'ok' ? 'status' : 'alert'}>
                {notice.text}
              </div>
            )}
            <button type="button" className="primary" aria-keyshortcuts="Control+S" title="Ctrl+S" onClick={() => void save()}>
              {t('intake.save')}
            </button>
          </div>
          <SealPanel dossierId={dossierId} />
        </>
      )}
    </div>
  );
}
