// Accounts end to end: sign-up, sign-in (password and a real OpenID provider),
// roles, guarded pages, sessions, rate limits and the account page, in Chromium
// against the production build and a real database. Every test makes its own
// users (e2e/users.ts) and comes from its own client address (e2e/fixtures.ts).
import AxeBuilder from '@axe-core/playwright';
import type { Browser, Page } from '@playwright/test';
import { readFile } from 'node:fs/promises';
import { expect, test, uniqueClientAddress } from './fixtures';
import { testIdentityProvider } from './oidc-provider';
import { accountLink, createUser, expectSignedInAs, expectSignedOut, findUserByEmail, findUserById, signIn, strongPassword, uniqueEmail, uniqueTag } from './users';

const articleSlug = 'russia-and-iran-navigating-a-complex-geopolitical-alliance';
const wrongCredentials = 'That email and password do not match an account.';
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Form-level messages. Scoped to <main>: Next's route announcer is also role=alert. */
const formAlert = (page: Page) => page.getByRole('main').getByRole('alert');
const formStatus = (page: Page) => page.getByRole('main').getByRole('status');

/** A second browser (another device), from a client address of its own. */
async function openOtherBrowser(browser: Browser, baseURL: string | undefined): Promise<Page> {
  const context = await browser.newContext({ baseURL, extraHTTPHeaders: { 'X-Forwarded-For': uniqueClientAddress() } });
  return context.newPage();
}

test.describe('signing up', () => {
  test('a new reader signs up with a display name, email and password and lands signed in', async ({ page, baseURL }) => {
    const name = `New Reader ${uniqueTag()}`;
    const email = uniqueEmail('signup');
    await page.goto('/signup');
    await page.getByLabel('Display name').fill(name);
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(strongPassword());
    await page.getByRole('button', { name: 'Create account' }).click();

    await expect(page).toHaveURL(`${baseURL}/`);
    await expectSignedInAs(page, name);
    const stored = await findUserByEmail(email);
    expect(stored).toMatchObject({ name, email, role: 'READER' });
    expect(stored?.passwordHash).toMatch(/^\$argon2id\$/);
  });

  test('a common password is refused next to the field, and the typed name and email are kept', async ({ page }) => {
    const name = `Careless Reader ${uniqueTag()}`;
    const email = uniqueEmail('common');
    await page.goto('/signup');
    await page.getByLabel('Display name').fill(name);
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill('password1');
    await page.getByRole('button', { name: 'Create account' }).click();

    const password = page.getByLabel('Password');
    await expect(password).toHaveAttribute('aria-invalid', 'true');
    await expect(password).toHaveAccessibleDescription(/one of the most commonly used and easy to guess/);
    await expect(formAlert(page)).toHaveText('Please correct the highlighted fields.');
    await expect(page.getByLabel('Display name')).toHaveValue(name);
    await expect(page.getByLabel('Email')).toHaveValue(email);
    await expect(password).toHaveValue('');
    await expectSignedOut(page);
    expect(await findUserByEmail(email)).toBeNull();
  });

  test('an email that is taken, typed in other letter case, is refused next to the email field', async ({ page }) => {
    const existing = await createUser();
    const name = `Second Reader ${uniqueTag()}`;
    await page.goto('/signup');
    await page.getByLabel('Display name').fill(name);
    await page.getByLabel('Email').fill(existing.email.toUpperCase());
    await page.getByLabel('Password').fill(strongPassword());
    await page.getByRole('button', { name: 'Create account' }).click();

    const email = page.getByLabel('Email');
    await expect(email).toHaveAttribute('aria-invalid', 'true');
    await expect(email).toHaveAccessibleDescription('An account with this email already exists. Sign in instead.');
    await expect(page.getByLabel('Display name')).toHaveValue(name);
    await expectSignedOut(page);
    expect((await findUserByEmail(existing.email))?.name).toBe(existing.name);
  });
});

test.describe('signing in and out', () => {
  // Next.js answers a form action by resuming the page's cached shell, and that
  // dropped the form's result when no script posted it (server/main.ts works around it).
  test('without JavaScript, a wrong password comes back with the message and the email kept', async ({ browser, baseURL }) => {
    const context = await browser.newContext({ baseURL, javaScriptEnabled: false, extraHTTPHeaders: { 'X-Forwarded-For': uniqueClientAddress() } });
    try {
      const page = await context.newPage();
      await page.goto('/signin');
      await page.getByLabel('Email').fill('nobody-here@example.com');
      await page.getByLabel('Password').fill('not the password 123');
      await page.getByRole('button', { name: 'Sign in', exact: true }).click();
      await expect(page.getByRole('main')).toContainText('That email and password do not match an account.');
      await expect(page.getByLabel('Email')).toHaveValue('nobody-here@example.com');
    } finally {
      await context.close();
    }
  });

  test('a reader signs out and signs in again', async ({ page, baseURL }) => {
    const reader = await createUser();
    await signIn(page, reader);
    await expectSignedInAs(page, reader.name);

    await page.getByRole('banner').getByRole('button', { name: 'Sign out' }).click();
    await expect(page).toHaveURL(`${baseURL}/`);
    await expectSignedOut(page);
    await page.goto('/account');
    await expect(page).toHaveURL(/\/signin\?/);

    await signIn(page, reader);
    await expect(page).toHaveURL(`${baseURL}/`);
    await expectSignedInAs(page, reader.name);
  });

  test('a wrong password and an unknown email get the same generic message above the form', async ({ page }) => {
    const reader = await createUser();
    await signIn(page, { email: reader.email, password: `${reader.password} typo` });
    await expect(formAlert(page)).toHaveText(wrongCredentials);
    // The email is kept; no field is singled out, which would say what was wrong.
    await expect(page.getByLabel('Email')).toHaveValue(reader.email);
    await expect(page.locator('[aria-invalid="true"]')).toHaveCount(0);
    await expectSignedOut(page);

    await signIn(page, { email: uniqueEmail('nobody'), password: reader.password });
    await expect(formAlert(page)).toHaveText(wrongCredentials);
    await expectSignedOut(page);
  });

  test('signing in from a page returns the reader to the same place', async ({ page, baseURL }) => {
    const reader = await createUser();
    await signIn(page, reader, `/signin?callbackUrl=%2Farticles%2F${articleSlug}%23comments`);
    await expect(page).toHaveURL(`${baseURL}/articles/${articleSlug}#comments`);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await expectSignedInAs(page, reader.name);
  });

  test('a callbackUrl that a browser reads as another host keeps the reader on this site, signing in and signed in', async ({ page, baseURL }) => {
    const origin = new URL(baseURL!).origin;
    // Were a redirect to leave, the browser would ask evil.example: answer for
    // it, so that the test sees where the browser went instead of a DNS error.
    await page.route(/^https?:\/\/evil\.example\//, (route) => route.fulfill({ contentType: 'text/html', body: '<title>Elsewhere</title>' }));
    const reader = await createUser();
    // A tab after the first slash: browsers drop it, leaving "//evil.example".
    await signIn(page, reader, '/signin?callbackUrl=/%09/evil.example');
    await expect(page).toHaveURL(`${origin}/`);
    await expectSignedInAs(page, reader.name);

    for (const callbackUrl of ['/%09/evil.example', '/%5Cevil.example', '//evil.example', '/.//evil.example', '/%2e//evil.example', 'https://evil.example/']) {
      await page.goto(`/signin?callbackUrl=${callbackUrl}`);
      await expect(page, callbackUrl).toHaveURL(`${origin}/`);
    }
  });

  test('signing up with a callbackUrl that leaves the site lands on the front page', async ({ page, baseURL }) => {
    const origin = new URL(baseURL!).origin;
    await page.route(/^https?:\/\/evil\.example\//, (route) => route.fulfill({ contentType: 'text/html', body: '<title>Elsewhere</title>' }));
    const name = `New Reader ${uniqueTag()}`;
    await page.goto('/signup?callbackUrl=/%09/evil.example');
    await page.getByLabel('Display name').fill(name);
    await page.getByLabel('Email').fill(uniqueEmail('signup'));
    await page.getByLabel('Password').fill(strongPassword());
    await page.getByRole('button', { name: 'Create account' }).click();
    await expect(page).toHaveURL(`${origin}/`);
    await expectSignedInAs(page, name);
  });

  test('over the sign-in rate limit, a reader is told how long to wait', async ({ page, browser, baseURL }) => {
    const reader = await createUser();
    await page.goto('/signin');
    // Six wrong attempts from this address, each for a different account, so
    // that only the per-address limit (6 a minute) is reached.
    for (let attempt = 1; attempt <= 6; attempt++) {
      await page.getByLabel('Email').fill(uniqueEmail(`guess${attempt}`));
      await page.getByLabel('Password').fill('not the password');
      await Promise.all([
        page.waitForResponse((response) => response.request().method() === 'POST' && new URL(response.url()).pathname === '/signin'),
        page.getByRole('button', { name: 'Sign in', exact: true }).click(),
      ]);
      await expect(formAlert(page)).toHaveText(wrongCredentials);
    }
    // The seventh is refused even with the right password.
    await page.getByLabel('Email').fill(reader.email);
    await page.getByLabel('Password').fill(reader.password);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await expect(formAlert(page)).toHaveText(/^Too many attempts\. Try again in \d+ seconds?\.$/);
    await expectSignedOut(page);

    // The limit is this address's: the same reader elsewhere is not locked out.
    const elsewhere = await openOtherBrowser(browser, baseURL);
    await signIn(elsewhere, reader);
    await expectSignedInAs(elsewhere, reader.name);
    await elsewhere.context().close();
  });

  test('signing out everywhere ends the other browser’s session on its next request and keeps this one', async ({ page, browser, baseURL }) => {
    const reader = await createUser();
    await signIn(page, reader);
    await expectSignedInAs(page, reader.name);
    const other = await openOtherBrowser(browser, baseURL);
    await signIn(other, reader);
    await expectSignedInAs(other, reader.name);

    await page.goto('/account');
    await page.getByRole('button', { name: 'Sign out everywhere else' }).click();
    await expect(formStatus(page)).toHaveText('Every other browser and device is signed out. You are still signed in here.');

    await other.goto('/');
    await expectSignedOut(other);
    await other.goto('/account');
    await expect(other).toHaveURL(`${baseURL}/signin?callbackUrl=%2Faccount`);

    await page.goto('/');
    await expectSignedInAs(page, reader.name);
    await other.context().close();
  });

  test('signing out revokes the session: a copy of its cookie is anonymous afterwards', async ({ page, browser, baseURL }) => {
    const reader = await createUser();
    await signIn(page, reader);
    await expectSignedInAs(page, reader.name);
    const sessionCookie = (await page.context().cookies()).find((cookie) => cookie.name.endsWith('next-auth.session-token'));
    expect(sessionCookie, 'the session cookie').toBeDefined();

    await page.getByRole('banner').getByRole('button', { name: 'Sign out' }).click();
    await expect(page).toHaveURL(`${baseURL}/`);
    await expectSignedOut(page);

    // As if someone had copied the cookie before the reader signed out.
    const copy = await openOtherBrowser(browser, baseURL);
    await copy.context().addCookies([sessionCookie!]);
    await copy.goto('/');
    await expectSignedOut(copy);
    await copy.goto('/account');
    await expect(copy).toHaveURL(`${baseURL}/signin?callbackUrl=%2Faccount`);
    await copy.context().close();
  });
});

/** Goes from our sign-in page through the provider's login and consent pages. */
async function continueWithTestId(page: Page, email: string) {
  // The provider's development pages import a Google web font; the test
  // machine may be offline, and the font is not what is being tested.
  await page.route('https://fonts.googleapis.com/**', (route) => route.fulfill({ contentType: 'text/css', body: '' }));
  await page.goto('/signin');
  await page.getByRole('button', { name: `Continue with ${testIdentityProvider.name}` }).click();
  await expect(page).toHaveURL(new RegExp(`^${testIdentityProvider.issuer}/interaction/`));
  await page.getByPlaceholder('Enter any login').fill(email);
  await page.getByPlaceholder('and password').fill('any password will do');
  await page.getByRole('button', { name: 'Sign-in' }).click();
  await page.getByRole('button', { name: 'Continue' }).click();
}

test.describe('signing in with an OpenID provider', () => {
  test('a reader signs in through the provider and comes back signed in with an account for that email', async ({ page, baseURL }) => {
    const email = uniqueEmail('oidc');
    const name = email.split('@')[0] ?? email;
    await continueWithTestId(page, email);

    await expect(page).toHaveURL(`${baseURL}/`);
    await expectSignedInAs(page, name);
    const stored = await findUserByEmail(email);
    expect(stored).toMatchObject({ email, name, role: 'READER', passwordHash: null, providers: ['oidc'] });
    expect(stored?.emailVerified).toBeInstanceOf(Date);
  });

  test('the pre-registration attack fails: the provider’s verified owner takes over an unverified password account, whose password and sessions stop working', async ({
    page,
    browser,
    baseURL,
  }) => {
    // Someone signed up first with the owner's address and a password of their own, and is signed in.
    const squatter = await createUser();
    const squatterBrowser = await openOtherBrowser(browser, baseURL);
    await signIn(squatterBrowser, squatter);
    await expectSignedInAs(squatterBrowser, squatter.name);

    // The address's owner signs in through a provider that verified it.
    await continueWithTestId(page, squatter.email);
    await expect(page).toHaveURL(`${baseURL}/`);
    await expectSignedInAs(page, squatter.name);
    const stored = await findUserByEmail(squatter.email);
    expect(stored).toMatchObject({ id: squatter.id, passwordHash: null, providers: ['oidc'] });
    expect(stored?.emailVerified).toBeInstanceOf(Date);

    await squatterBrowser.goto('/');
    await expectSignedOut(squatterBrowser);
    await squatterBrowser.goto('/signin');
    await squatterBrowser.getByLabel('Email').fill(squatter.email);
    await squatterBrowser.getByLabel('Password').fill(squatter.password);
    await squatterBrowser.getByRole('button', { name: 'Sign in', exact: true }).click();
    await expect(formAlert(squatterBrowser)).toHaveText(wrongCredentials);
    await squatterBrowser.context().close();
  });

  test('a provider joins an account whose address a provider verified before', async ({ page, baseURL }) => {
    // As if the account had been made through another provider that vouched for the address.
    const owner = await createUser({ emailVerifiedByProvider: true });
    await continueWithTestId(page, owner.email);

    await expect(page).toHaveURL(`${baseURL}/`);
    await expectSignedInAs(page, owner.name);
    expect(await findUserByEmail(owner.email)).toMatchObject({ id: owner.id, providers: ['oidc'] });
  });
});

test.describe('session cookies over HTTPS', () => {
  // The e2e server trusts X-Forwarded-* (TRUST_PROXY=1 in playwright.config.ts),
  // so a browser that sends X-Forwarded-Proto: https is, to the app, a browser
  // behind a TLS-terminating proxy. Chromium keeps Secure cookies for
  // http://localhost, so the session still works over the test's plain HTTP.
  async function browserArrivingOver(browser: Browser, baseURL: string | undefined, scheme: 'https' | 'http'): Promise<Page> {
    const context = await browser.newContext({
      baseURL,
      extraHTTPHeaders: { 'X-Forwarded-For': uniqueClientAddress(), ...(scheme === 'https' && { 'X-Forwarded-Proto': 'https' }) },
    });
    return context.newPage();
  }

  const secureAttribute = /;\s*secure\s*(;|$)/i;

  for (const scheme of ['https', 'http'] as const) {
    test(`the password sign-in cookie over ${scheme === 'https' ? 'HTTPS behind the proxy is Secure and __Secure- named' : 'plain HTTP is neither'}`, async ({
      browser,
      baseURL,
    }) => {
      const reader = await createUser();
      const page = await browserArrivingOver(browser, baseURL, scheme);
      await page.goto('/signin');
      await page.getByLabel('Email').fill(reader.email);
      await page.getByLabel('Password').fill(reader.password);
      const [response] = await Promise.all([
        page.waitForResponse((candidate) => candidate.request().method() === 'POST' && new URL(candidate.url()).pathname === '/signin'),
        page.getByRole('button', { name: 'Sign in', exact: true }).click(),
      ]);
      const setCookies = (await response.headerValue('set-cookie'))?.split('\n') ?? [];
      const session = setCookies.find((line) => /^(__Secure-)?next-auth\.session-token=/.test(line));
      if (scheme === 'https') {
        expect(session).toMatch(/^__Secure-next-auth\.session-token=/);
        expect(session).toMatch(secureAttribute);
      } else {
        expect(session).toMatch(/^next-auth\.session-token=/);
        expect(session).not.toMatch(secureAttribute);
      }
      // The form's redirect home lands first: behind the "proxy" Next.js cannot
      // fetch https://localhost for it and has the browser load the page
      // instead, a navigation our own goto would otherwise cut short.
      await page.waitForURL(`${baseURL}/`, { waitUntil: 'load' });
      await page.goto('/');
      await expectSignedInAs(page, reader.name);
      await page.context().close();
    });
  }

  test('next-auth’s provider sign-in over HTTPS behind the proxy sets Secure, prefixed cookies, and the session works', async ({ browser, baseURL }) => {
    const page = await browserArrivingOver(browser, baseURL, 'https');
    const email = uniqueEmail('oidc');
    await continueWithTestId(page, email);
    await expect(page).toHaveURL(`${baseURL}/`);
    await expectSignedInAs(page, email.split('@')[0] ?? email);

    const authCookies = (await page.context().cookies(baseURL)).filter((cookie) => cookie.name.includes('next-auth.'));
    expect(authCookies.map((cookie) => cookie.name).sort()).toEqual([
      '__Host-next-auth.csrf-token',
      '__Secure-next-auth.callback-url',
      '__Secure-next-auth.session-token',
    ]);
    for (const cookie of authCookies) expect(cookie.secure, cookie.name).toBe(true);
    await page.context().close();
  });

  test('next-auth’s provider sign-in over plain HTTP sets cookies without Secure', async ({ browser, baseURL }) => {
    const page = await browserArrivingOver(browser, baseURL, 'http');
    const email = uniqueEmail('oidc');
    await continueWithTestId(page, email);
    await expect(page).toHaveURL(`${baseURL}/`);
    await expectSignedInAs(page, email.split('@')[0] ?? email);

    const authCookies = (await page.context().cookies(baseURL)).filter((cookie) => cookie.name.includes('next-auth.'));
    expect(authCookies.map((cookie) => cookie.name).sort()).toEqual(['next-auth.callback-url', 'next-auth.csrf-token', 'next-auth.session-token']);
    for (const cookie of authCookies) expect(cookie.secure, cookie.name).toBe(false);
    await page.context().close();
  });
});

test.describe('roles and guarded pages', () => {
  test('the admin appoints a moderator, who then sees Moderation in the header, and removes them again', async ({ page, browser, baseURL }) => {
    const admin = await createUser({ role: 'ADMIN', name: `Admin ${uniqueTag()}` });
    const reader = await createUser();
    await signIn(page, admin);
    await expectSignedInAs(page, admin.name);

    const response = await page.goto(`/admin?q=${encodeURIComponent(reader.email)}`);
    expect(response?.status()).toBe(200);
    await page.getByRole('button', { name: `Make ${reader.name} a moderator` }).click();
    await expect(formStatus(page)).toHaveText('The user is now a moderator.');
    await expect(page.getByRole('row', { name: new RegExp(reader.name) })).toContainText('Moderator');
    expect((await findUserById(reader.id))?.role).toBe('MODERATOR');

    const readerPage = await openOtherBrowser(browser, baseURL);
    await signIn(readerPage, reader);
    await expectSignedInAs(readerPage, reader.name);
    const moderationLink = readerPage.getByRole('banner').getByRole('link', { name: 'Moderation' });
    await expect(moderationLink).toBeVisible();
    await expect(readerPage.getByRole('banner').getByRole('link', { name: 'Admin' })).toHaveCount(0);
    // The counterpart of the reader's 404 below: a moderator is let in.
    expect((await readerPage.request.get('/moderation', { maxRedirects: 0 })).status()).toBe(200);

    await page.getByRole('button', { name: `Remove ${reader.name} as moderator` }).click();
    await expect(formStatus(page)).toHaveText('The user is now a reader.');
    expect((await findUserById(reader.id))?.role).toBe('READER');
    // Roles are read fresh on every request: no new sign-in needed.
    await readerPage.reload();
    await expectSignedInAs(readerPage, reader.name);
    await expect(moderationLink).toHaveCount(0);
    await readerPage.context().close();
  });

  test('a reader gets a 404 for the admin and moderation pages', async ({ page }) => {
    const reader = await createUser();
    await signIn(page, reader);
    await expectSignedInAs(page, reader.name);
    for (const path of ['/admin', '/moderation']) {
      const response = await page.goto(path);
      expect(response?.status(), path).toBe(404);
      await expect(page.getByRole('heading', { level: 1 }), path).toHaveText('Page not found');
      await expect(page.getByRole('table'), path).toHaveCount(0);
    }
  });

  test('an anonymous visitor to /admin or /account is sent to sign in and brought back', async ({ page, baseURL }) => {
    await page.goto('/admin');
    await expect(page).toHaveURL(`${baseURL}/signin?callbackUrl=%2Fadmin`);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Sign in');

    await page.goto('/account');
    await expect(page).toHaveURL(`${baseURL}/signin?callbackUrl=%2Faccount`);
    const reader = await createUser();
    await page.getByLabel('Email').fill(reader.email);
    await page.getByLabel('Password').fill(reader.password);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await expect(page).toHaveURL(`${baseURL}/account`);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Your account');
  });
});

test.describe('the account page', () => {
  test('a reader changes their display name and the header shows the new one', async ({ page }) => {
    const reader = await createUser();
    await signIn(page, reader);
    await page.goto('/account');
    const newName = `Renamed Reader ${uniqueTag()}`;
    // By role: the section around the form is also labelled "Display name".
    await page.getByRole('textbox', { name: 'Display name' }).fill(`  ${newName}  `);
    await page.getByRole('button', { name: 'Save display name' }).click();

    await expect(formStatus(page)).toHaveText('Your display name is changed.');
    await expectSignedInAs(page, newName);
    await expect(accountLink(page, reader.name)).toHaveCount(0);
    expect((await findUserById(reader.id))?.name).toBe(newName);
    await page.reload();
    await expectSignedInAs(page, newName);
  });

  test('download my data gives JSON with the profile and no password hash', async ({ page }) => {
    const reader = await createUser();
    await signIn(page, reader);
    await page.goto('/account');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download my data' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^parley-my-data-\d{4}-\d{2}-\d{2}\.json$/);
    const text = await readFile(await download.path(), 'utf8');
    const data = JSON.parse(text) as { profile: Record<string, unknown>; securityEvents: { type: string }[] };
    expect(data.profile).toMatchObject({ id: reader.id, name: reader.name, email: reader.email, role: 'READER', hasPassword: true });
    expect(data.securityEvents.map((event) => event.type)).toContain('SIGN_IN');
    expect(text).not.toMatch(/passwordHash|\$argon2/i);
    expect(text).not.toContain(reader.password);
  });

  test('deleting the account needs DELETE typed, signs the reader out, and the password no longer works', async ({ page, baseURL }) => {
    const reader = await createUser();
    await signIn(page, reader);
    await page.goto('/account');
    const confirmation = page.getByLabel('Type DELETE to confirm');

    await confirmation.fill('delete');
    await page.getByRole('button', { name: 'Delete my account' }).click();
    await expect(confirmation).toHaveAccessibleDescription('Type DELETE in capitals to confirm.');
    expect((await findUserById(reader.id))?.deletedAt).toBeNull();

    await confirmation.fill('DELETE');
    await page.getByRole('button', { name: 'Delete my account' }).click();
    await expect(page).toHaveURL(`${baseURL}/?account=deleted`);
    await expectSignedOut(page);
    const tombstone = await findUserById(reader.id);
    expect(tombstone).toMatchObject({ name: 'Deleted user', passwordHash: null, role: 'READER' });
    expect(tombstone?.deletedAt).toBeInstanceOf(Date);
    expect(await findUserByEmail(reader.email)).toBeNull();

    await signIn(page, reader);
    await expect(formAlert(page)).toHaveText(wrongCredentials);
    await expectSignedOut(page);
  });
});

test.describe('accessibility (axe)', () => {
  // The link pages without a token show their refusal, which is what most of their visitors see.
  for (const path of ['/signin', '/signup', '/forgot-password', '/reset-password', '/verify-email']) {
    test(`${path} has no accessibility violations`, async ({ page }) => {
      await page.goto(path);
      await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
      const results = await new AxeBuilder({ page }).analyze();
      expect(results.violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);
    });
  }

  test('the header’s account link is named by its visible text first (label in name)', async ({ page }) => {
    const reader = await createUser();
    await signIn(page, reader);
    await page.goto('/');
    const link = page.getByRole('banner').locator('a[href="/account"]');
    await expect(link).toContainText(reader.name);
    // WCAG 2.5.3: speech users say what they see; the name must start with it.
    await expect(link).toHaveAccessibleName(new RegExp(`^${escapeRegExp(reader.name)}\\b`));
    // axe ships this rule as experimental (off by default): run it by name.
    const results = await new AxeBuilder({ page }).include('header').withRules(['label-content-name-mismatch']).analyze();
    expect(results.violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);
    expect(results.incomplete.map((v) => `${v.id}: ${v.help}`)).toEqual([]);
  });

  test('/account and /admin have no accessibility violations', async ({ page }) => {
    const admin = await createUser({ role: 'ADMIN', name: `Admin ${uniqueTag()}` });
    await createUser();
    await signIn(page, admin);
    await expectSignedInAs(page, admin.name);
    for (const path of ['/account', '/admin']) {
      const response = await page.goto(path);
      expect(response?.status(), path).toBe(200);
      const results = await new AxeBuilder({ page }).analyze();
      expect(
        results.violations.map((v) => `${v.id}: ${v.help}`),
        path,
      ).toEqual([]);
    }
  });
});
