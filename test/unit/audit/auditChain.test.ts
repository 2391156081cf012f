import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { auditEntryHash, formatAuditExport, parseAuditExport, verifyAuditChain, type ChainedAuditEntry } from '../../../preload/shared/audit/auditChain';

async function chain(length: number): Promise<ChainedAuditEntry[]> {
  const entries: ChainedAuditEntry[] = [];
  let prevHash = '';
  for (let seq = 1; seq <= length; seq++) {
    const entry = { seq, at: 1_780_000_000_000 + seq * 1000, actor: `officer-${seq % 3}`, action: ['dossier-viewed', 'dossier-edited', 'dossier-sealed'][seq % 3]!, target: `dossier-${seq}`, detail: seq % 2 ? JSON.stringify({ n: seq }) : undefined };
    const hash = await auditEntryHash(prevHash, entry);
    entries.push({ ...entry, prevHash, hash });
    prevHash = hash;
  }
  return entries;
}

describe('audit chain verification', () => {
  it('accepts an untouched chain and reports its head', async () => {
    const entries = await chain(6);
    expect(await verifyAuditChain(entries)).toEqual({ ok: true, count: 6, head: { seq: 6, hash: entries[5]!.hash } });
  });

  it('keeps the hash of entries written before the chain code moved to preload/common', async () => {
    // The renderer hashed JSON.stringify([prevHash, at, actor, action, target, detail ?? '']) from the first version on.
    const { createHash } = await import('node:crypto');
    const expected = createHash('sha256').update(JSON.stringify(['', 5, 'a', 'b', 'c', ''])).digest('hex');
    expect(await auditEntryHash('', { at: 5, actor: 'a', action: 'b', target: 'c' })).toBe(expected);
  });

  it('detects an edited entry, a deleted entry, a reordered pair and an inserted entry', async () => {
    const entries = await chain(6);
    const edited = entries.map((entry, i) => (i === 2 ? { ...entry, actor: 'someone-else' } : entry));
    expect(await verifyAuditChain(edited)).toMatchObject({ ok: false, problem: 'hash-mismatch', index: 2, seq: 3 });

    const deleted = entries.filter((_, i) => i !== 3);
    expect(await verifyAuditChain(deleted)).toMatchObject({ ok: false, problem: 'broken-link', index: 3, seq: 5 });

    const reordered = [...entries];
    [reordered[1], reordered[2]] = [reordered[2]!, reordered[1]!];
    expect(await verifyAuditChain(reordered)).toMatchObject({ ok: false, problem: 'broken-link', index: 1 });

    // An inserted entry with a correct hash of its own still cannot link the entry after it.
    const forged = { seq: 4, at: 1, actor: 'x', action: 'dossier-deleted', target: 'dossier-9', prevHash: entries[2]!.hash, hash: '' };
    forged.hash = await auditEntryHash(forged.prevHash, forged);
    const inserted = [...entries.slice(0, 3), forged, ...entries.slice(3)];
    expect(await verifyAuditChain(inserted)).toMatchObject({ ok: false, problem: 'broken-link', index: 4 });
  });

  it('a cut-off tail passes the links but fails an anchor recorded at an earlier export', async () => {
    const entries = await chain(6);
    const anchor = { seq: 6, hash: entries[5]!.hash };
    expect((await verifyAuditChain(entries.slice(0, 4))).ok).toBe(true);
    expect(await verifyAuditChain(entries.slice(0, 4), [anchor])).toMatchObject({ ok: false, problem: 'anchor-missing', seq: 6 });
    expect((await verifyAuditChain(entries, [anchor, { seq: 2, hash: entries[1]!.hash }])).ok).toBe(true);
  });

  it('any single-field change anywhere is detected (property)', async () => {
    const entries = await chain(8);
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: 7 }), fc.constantFrom('at', 'actor', 'action', 'target', 'detail', 'prevHash', 'hash'), fc.string({ minLength: 1, maxLength: 8 }), async (index, field, text) => {
        const original = entries[index]!;
        const value = field === 'at' ? original.at + text.length : `${String(original[field as keyof ChainedAuditEntry] ?? '')}${text}`;
        const tampered = entries.map((entry, i) => (i === index ? { ...entry, [field]: value } : entry));
        expect((await verifyAuditChain(tampered)).ok).toBe(false);
      }),
      { numRuns: 60 },
    );
  });

  it('reads back its own export format and refuses foreign or truncated files in Vietnamese', async () => {
    const entries = await chain(3);
    const text = formatAuditExport(entries, 42);
    const parsed = parseAuditExport(text);
    expect(parsed.entries).toEqual(JSON.parse(JSON.stringify(entries)));
    expect((await verifyAuditChain(parsed.entries)).ok).toBe(true);
    expect(() => parseAuditExport('{"hello":1}\n')).toThrow('Tệp không phải bản xuất nhật ký kiểm tra của Một Cửa Desk.');
    expect(() => parseAuditExport(text.split('\n').slice(0, 3).join('\n'))).toThrow(/ghi 3 mục nhưng có 2 mục/);
    expect(() => parseAuditExport(`${text}{broken\n`)).toThrow(/không phải JSON/);
    expect(await verifyAuditChain([{ seq: 1 }])).toMatchObject({ ok: false, problem: 'not-an-entry' });
  });
});
