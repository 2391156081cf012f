import type { Page } from 'playwright';

/** The admin every fresh test profile creates through the first-run screen. */
export const TEST_ADMIN = { username: 'quantri', displayName: 'Quản trị viên', password: 'Quan-tri-Thu-nghiem-2026' };

/** Page object for the first-run, sign-in and lock screens, driven as an officer would. */
export class SignInPage {
  constructor(readonly page: Page) {}

  async createFirstAdmin(admin = TEST_ADMIN): Promise<void> {
    const form = this.page.getByTestId('auth-setup');
    await form.locator('[name="username"]').fill(admin.username);
    await form.locator('[name="displayName"]').fill(admin.displayName);
    await form.locator('[name="password"]').fill(admin.password);
    await form.locator('[name="passwordConfirm"]').fill(admin.password);
    await form.getByRole('button', { name: 'Tạo tài khoản quản trị' }).click();
    await this.page.getByTestId('signed-in-officer').waitFor();
  }

  /** Submits the sign-in form; resolves once the attempt is answered, with the refusal text (undefined: signed in). */
  async attempt(username: string, password: string): Promise<string | undefined> {
    const screen = this.page.getByTestId('auth-sign-in');
    const form = screen.locator('form');
    const before = Number(await form.getAttribute('data-attempts'));
    await form.locator('[name="username"]').fill(username);
    await form.locator('[name="password"]').fill(password);
    await form.getByRole('button', { name: 'Đăng nhập' }).click();
    const signedIn = this.page.getByTestId('signed-in-officer');
    await signedIn.or(screen.locator(`form[data-attempts="${before + 1}"]`)).first().waitFor({ timeout: 30_000 });
    if (await signedIn.isVisible()) return undefined;
    return (await screen.getByTestId('auth-problem').textContent()) ?? '';
  }

  async signIn(username: string, password: string): Promise<void> {
    const problem = await this.attempt(username, password);
    if (problem !== undefined) throw new Error(`sign-in of ${username} refused: ${problem}`);
  }

  async signOut(): Promise<void> {
    await this.page.getByRole('button', { name: 'Đăng xuất' }).click();
    await this.page.getByTestId('auth-sign-in').waitFor();
  }
}
