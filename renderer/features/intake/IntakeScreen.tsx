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
import { createDraftDossier, draftFromApplicant, saveDossier } from '../../operations/dossier/dossierDrafts';
import { emptyApplicant, validateApplicant, type ApplicantDraft } from '../../operations/dossier/validateApplicant';
import { recordAccess } from '../../operations/audit/recordAudit';

/**
 * The officer's main screen: pick the procedure, identify the applicant, add the pages of each
 * component, save. A dossier opened from the list resumes here with everything it had.
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

  const dossier = useLiveQuery(() => (dossierId ? getDossier(db, dossierId) : undefined), [dossierId]);
  const procedure = useLiveQuery(() => (dossier ? getProcedure(db, dossier.procedureCode) : undefined), [dossier?.procedureCode]);

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

  async function pick(chosen: Procedure) {
    setNotice(undefined);
    setDossierId(await createDraftDossier(db, chosen, training));
  }

  async function save() {
    if (!dossierId) return;
    if (Object.keys(problems).length > 0) {
      setShowProblems(true);
      setNotice({ kind: 'error', text: t('intake.fixErrors') });
      return;
    }
    try {
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
      {!dossierId && <ProcedurePicker onPick={(p) => void pick(p)} />}
      {dossierId && procedure && (
        <>
          <section className="card procedure-summary" data-testid="chosen-procedure">
            <div className="procedure-name">{procedure.name}</div>
            <div className="procedure-meta">
              {procedure.code} · {procedure.agency} · {t('intake.processingDays', { days: procedure.processingDays })}
            </div>
          </section>
          <ApplicantForm value={applicant} problems={problems} showProblems={showProblems} onChange={setApplicant} />
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
