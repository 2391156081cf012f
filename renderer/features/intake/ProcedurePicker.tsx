import { useMemo, useState } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { getDatabase } from '../../db/deskHandle';
import { catalogProcedures } from '../../db/queries/procedures';
import type { Procedure } from '../../db/types';
import { useT } from '../../i18n/i18n';

/** Folds Vietnamese diacritics so "giay chung nhan" finds "Giấy chứng nhận". */
export function foldVietnamese(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').replace(/đ/g, 'd').replace(/Đ/g, 'D').toLowerCase();
}

interface Props {
  onPick(procedure: Procedure): void;
}

/** Search-as-you-type list of procedures from the local catalog. */
export function ProcedurePicker({ onPick }: Props) {
  const t = useT();
  const [query, setQuery] = useState('');
  const procedures = useLiveQuery(() => catalogProcedures(getDatabase(), 'name'), []);
  const matches = useMemo(() => {
    const folded = foldVietnamese(query.trim());
    return (procedures ?? []).filter((p) => !folded || foldVietnamese(`${p.code} ${p.name} ${p.field}`).includes(folded));
  }, [procedures, query]);

  return (
    <section className="card" aria-labelledby="procedure-heading">
      <h2 id="procedure-heading">{t('intake.procedure')}</h2>
      <input
        className="search"
        type="search"
        autoFocus
        placeholder={t('intake.procedureSearch')}
        aria-label={t('intake.procedureSearch')}
        value={query}
        onChange={(event) => setQuery(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === 'Enter' && matches[0]) onPick(matches[0]);
        }}
      />
      <ul className="procedure-list" role="listbox" aria-label={t('intake.procedure')}>
        {matches.map((procedure) => (
          <li key={procedure.code}>
            <button type="button" role="option" aria-selected={false} className="procedure-option" onClick={() => onPick(procedure)}>
              <span className="procedure-name">{procedure.name}</span>
              <span className="procedure-meta">
                {procedure.code} · {procedure.agency} · {t('intake.processingDays', { days: procedure.processingDays })}
              </span>
            </button>
          </li>
        ))}
        {procedures && matches.length === 0 && <li className="muted">{t('intake.procedureNone')}</li>}
      </ul>
    </section>
  );
}
