import type { Locator, Page } from 'playwright';

/** Page object for the intake screen and the dossier list, so tests read as the officer's steps. */
export class IntakePage {
  constructor(readonly page: Page) {}

  async chooseProcedure(search: string): Promise<void> {
    await this.page.getByPlaceholder('Tìm thủ tục theo tên hoặc mã…').fill(search);
    await this.page.getByRole('listbox', { name: 'Thủ tục hành chính' }).getByRole('option').first().click();
    await this.page.getByTestId('chosen-procedure').waitFor();
  }

  field(name: string): Locator {
    return this.page.locator(`[name="${name}"]`);
  }

  async fillApplicant(values: Record<string, string>): Promise<void> {
    for (const [name, value] of Object.entries(values)) {
      const field = this.field(name);
      if ((await field.evaluate((el) => el.tagName)) === 'SELECT') await field.selectOption(value);
      else await field.fill(value);
    }
  }

  component(index: number): Locator {
    return this.page.getByTestId('component').nth(index);
  }

  async addPages(componentIndex: number, files: Array<{ name: string; mimeType: string; buffer: Buffer }>): Promise<void> {
    await this.component(componentIndex).locator('input[type="file"]').setInputFiles(files);
  }

  async save(): Promise<void> {
    await this.page.getByRole('button', { name: 'Lưu hồ sơ' }).click();
  }

  async openList(): Promise<void> {
    await this.page.getByRole('button', { name: 'Danh sách hồ sơ' }).click();
  }

  rows(): Locator {
    return this.page.getByTestId('dossier-row');
  }
}
