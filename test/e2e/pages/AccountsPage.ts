import type { Page } from 'playwright';

/** Page object for the administrator's accounts screen. */
export class AccountsPage {
  constructor(readonly page: Page) {}

  async open(): Promise<void> {
    await this.page.getByRole('button', { name: 'Tài khoản', exact: true }).click();
    await this.page.getByRole('heading', { name: 'Tài khoản cán bộ' }).waitFor();
  }

  async create(account: { username: string; displayName: string; role: 'officer' | 'supervisor' | 'admin'; password: string }): Promise<void> {
    const field = (name: string) => this.page.locator(`[name="${name}"]`);
    await field('newUsername').fill(account.username);
    await field('newDisplayName').fill(account.displayName);
    await field('newRole').selectOption(account.role);
    await field('newPassword').fill(account.password);
    await this.page.getByRole('button', { name: 'Tạo tài khoản', exact: true }).click();
    await this.page.getByTestId('accounts-notice').filter({ hasText: `Đã tạo tài khoản ${account.username}.` }).waitFor();
  }
}
