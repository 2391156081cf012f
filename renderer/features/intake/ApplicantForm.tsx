import { useT } from '../../i18n/i18n';
import type { ApplicantDraft, FieldProblem } from '../../operations/dossier/validateApplicant';
import { CardReaderPanel } from './CardReaderPanel';
import { editApplicant } from './applicantFromCard';
import { DateField } from '../../widgets/DateField';

interface Props {
  value: ApplicantDraft;
  problems: Partial<Record<keyof ApplicantDraft, FieldProblem>>;
  showProblems: boolean;
  onChange(value: ApplicantDraft): void;
  /** Focus left one of the fields: what was typed is stored now rather than after the pause. */
  onFieldBlur?(): void;
}

/**
 * The applicant: read from the CCCD chip or its QR code, or typed, with the CCCD number checked
 * against birth year and gender. Typing over a field read from the card makes it manual again.
 */
export function ApplicantForm({ value, problems, showProblems, onChange, onFieldBlur }: Props) {
  const t = useT();
  const set = (field: keyof ApplicantDraft) => (event: React.ChangeEvent<HTMLInputElement | HTMLSelectElement>) =>
    onChange(editApplicant(value, field, event.target.value));
  const problem = (field: keyof ApplicantDraft) => {
    const p = problems[field];
    if (!p || !showProblems) return null;
    return (
      <span className="field-error" id={`${field}-error`} role="alert">
        {'key' in p ? t(p.key) : p.text}
      </span>
    );
  };
  const invalid = (field: keyof ApplicantDraft) => (showProblems && problems[field] ? { 'aria-invalid': true, 'aria-describedby': `${field}-error` } : {});

  return (
    <section className="card" aria-labelledby="applicant-heading" onBlur={onFieldBlur}>
      <h2 id="applicant-heading">{t('intake.applicant')}</h2>
      <CardReaderPanel value={value} onFill={onChange} />
      <div className="form-grid">
        <label className="field">
          <span>{t('intake.idNumber')} *</span>
          <input name="idNumber" inputMode="numeric" maxLength={12} autoComplete="off" value={value.idNumber} onChange={set('idNumber')} {...invalid('idNumber')} />
          {problem('idNumber')}
        </label>
        <label className="field wide">
          <span>{t('intake.fullName')} *</span>
          <input name="fullName" autoComplete="off" value={value.fullName} onChange={set('fullName')} {...invalid('fullName')} />
          {problem('fullName')}
        </label>
        <label className="field">
          <span>{t('intake.birthDate')}</span>
          <DateField name="birthDate" value={value.birthDate} onChange={(date) => onChange(editApplicant(value, 'birthDate', date))} {...invalid('birthDate')} />
          {problem('birthDate')}
        </label>
        <label className="field">
          <span>{t('intake.gender')}</span>
          <select name="gender" value={value.gender} onChange={set('gender')}>
            <option value="">—</option>
            <option value="male">{t('intake.gender.male')}</option>
            <option value="female">{t('intake.gender.female')}</option>
          </select>
        </label>
        <label className="field full">
          <span>{t('intake.address')}</span>
          <input name="address" autoComplete="off" value={value.address} onChange={set('address')} />
        </label>
        <label className="field">
          <span>{t('intake.phone')}</span>
          <input name="phone" inputMode="tel" autoComplete="off" value={value.phone} onChange={set('phone')} {...invalid('phone')} />
          {problem('phone')}
        </label>
        <label className="field">
          <span>{t('intake.email')}</span>
          <input name="email" type="email" autoComplete="off" value={value.email} onChange={set('email')} {...invalid('email')} />
          {problem('email')}
        </label>
      </div>
    </section>
  );
}
