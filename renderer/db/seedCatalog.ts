import sampleCatalog from '../../assets/catalog/sample-catalog.json';
import { tables, type DeskHandle } from './database';
import type { ComponentForm, Procedure } from './types';

interface CatalogFile {
  procedures: Array<Omit<Procedure, 'source' | 'components'> & { components: Array<Procedure['components'][number] & { form: string }> }>;
}

const forms: readonly ComponentForm[] = ['original', 'copy', 'photocopy'];

/** The built-in sample catalog as typed procedures (forms checked, so a bad edit fails loudly). */
export function sampleProcedures(): Procedure[] {
  return (sampleCatalog as CatalogFile).procedures.map((procedure) => ({
    ...procedure,
    source: 'sample',
    components: procedure.components.map((component) => {
      if (!forms.includes(component.form as ComponentForm)) throw new Error(`Hình thức giấy tờ không hợp lệ: ${component.form}`);
      return { ...component, form: component.form as ComponentForm };
    }),
  }));
}

/** Loads the sample catalog on first run only; an imported catalog is never overwritten. */
export async function seedCatalog(handle: DeskHandle): Promise<void> {
  const db = tables(handle);
  await db.transaction('rw', db.procedures, async () => {
    if ((await db.procedures.count()) > 0) return;
    await db.procedures.bulkAdd(sampleProcedures());
  });
}
