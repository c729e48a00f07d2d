import { ActionForm } from '@/components/ui/action-form';
import { postingRestriction } from '@/lib/auth/authorization';
import { guardPage } from '@/lib/auth/page-guards';
import { DISPLAY_NAME_MAX, PASSWORD_MAX, PASSWORD_MIN } from '@/lib/auth/schema';
import { formatUtc } from '@/lib/format-utc';
import { getNotificationSettingsAs } from '@/lib/notifications/notification-preferences';
import { deliveryLabels, notificationDeliveries, notificationTopics, topicLabels } from '@/lib/notifications/schema';
import {
  changeDisplayNameAction,
  changeEmailAction,
  changePasswordAction,
  deleteAccountAction,
  resendVerificationAction,
  saveNotificationSettingsAction,
  signOutEverywhereAction,
} from './actions';

const deliveryOptions = notificationDeliveries.map((value) => ({ value, label: deliveryLabels[value] }));
const hourOptions = Array.from({ length: 24 }, (_, hour) => ({ value: String(hour), label: `${String(hour).padStart(2, '0')}:00 UTC` }));

export const metadata = { title: 'Your account', robots: { index: false } };

const roleLabel = { READER: 'Reader', MODERATOR: 'Moderator', ADMIN: 'Admin' } as const;

export default async function AccountPage() {
  const user = await guardPage('read-own-account', '/account');
  const restriction = postingRestriction(user);
  const notificationSettings = await getNotificationSettingsAs(user);

  return (
    <div className="account-page">
      <h1>Your account</h1>
      <dl className="facts">
        <dt>Email</dt>
        <dd>
          {user.email} <span className="meta">({user.emailVerified ? 'verified' : 'not verified'})</span>
        </dd>
        <dt>Role</dt>
        <dd>{roleLabel[user.role]}</dd>
        <dt>Member since</dt>
        <dd>{formatUtc(user.createdAt)}</dd>
      </dl>
      {restriction && (
        <p role="status" className="form-message form-message--error">
          {restriction} You can still sign in and read.
        </p>
      )}

      <section aria-labelledby="display-name-heading" className="account-section">
        <h2 id="display-name-heading">Display name</h2>
        <ActionForm
          action={changeDisplayNameAction}
          submitLabel="Save display name"
          pendingLabel="Saving…"
          fields={[{ name: 'name', label: 'Display name', required: true, maxLength: DISPLAY_NAME_MAX, defaultValue: user.name, autoComplete: 'nickname' }]}
        />
      </section>

      <section aria-labelledby="email-heading" className="account-section">
        <h2 id="email-heading">Email address</h2>
        {user.emailVerified ? (
          <p>Your address {user.email} is verified.</p>
        ) : (
          <>
            <p>
              Your address {user.email} is not verified yet. Open the link we sent to it, or send a new one. Until then, a sign-in through a provider that has verified
              this address takes the account over.
            </p>
            <ActionForm action={resendVerificationAction} submitLabel="Resend verification email" pendingLabel="Sending…" fields={[]} />
          </>
        )}
        <h3>Change your address</h3>
        <ActionForm
          action={changeEmailAction}
          submitLabel="Change email"
          pendingLabel="Saving…"
          fields={[
            { name: 'email', label: 'New email', type: 'email', autoComplete: 'email', required: true, hint: 'We send a link to the new address to verify it.' },
            ...(user.hasPassword
              ? [{ name: 'currentPassword', label: 'Current password', type: 'password' as const, autoComplete: 'current-password', required: true }]
              : []),
          ]}
        />
      </section>

      <section aria-labelledby="password-heading" className="account-section">
        <h2 id="password-heading">{user.hasPassword ? 'Change password' : 'Set a password'}</h2>
        <ActionForm
          action={changePasswordAction}
          submitLabel={user.hasPassword ? 'Change password' : 'Set password'}
          pendingLabel="Saving…"
          fields={[
            ...(user.hasPassword
              ? [{ name: 'currentPassword', label: 'Current password', type: 'password' as const, autoComplete: 'current-password', required: true }]
              : []),
            {
              name: 'newPassword',
              label: 'New password',
              type: 'password',
              autoComplete: 'new-password',
              required: true,
              minLength: PASSWORD_MIN,
              hint: `${PASSWORD_MIN} to ${PASSWORD_MAX} characters. Every other session is signed out.`,
            },
            { name: 'confirmPassword', label: 'New password again', type: 'password', autoComplete: 'new-password', required: true },
          ]}
        />
      </section>

      <section aria-labelledby="notifications-heading" className="account-section">
        <h2 id="notifications-heading">Notifications</h2>
        <p>
          How you hear of replies, mentions, threads you follow and moderators’ decisions about you. Everything you are told is also listed on{' '}
          <a href="/notifications">your notifications page</a> unless you turn it off.
        </p>
        <ActionForm
          action={saveNotificationSettingsAction}
          submitLabel="Save notification settings"
          pendingLabel="Saving…"
          fields={[
            ...notificationTopics.map((topic) => ({
              name: topic,
              label: topicLabels[topic],
              type: 'select' as const,
              options: deliveryOptions,
              defaultValue: notificationSettings.deliveries[topic],
            })),
            {
              name: 'digestHourUtc',
              label: 'Daily digest hour',
              type: 'select' as const,
              options: hourOptions,
              defaultValue: String(notificationSettings.digestHourUtc),
              hint: 'When the daily digest email goes out (UTC), for the kinds set to the digest, on days with something new.',
            },
          ]}
        />
      </section>

      <section aria-labelledby="sessions-heading" className="account-section">
        <h2 id="sessions-heading">Sessions</h2>
        <p>Signed in on a shared or lost device? End every other session at once.</p>
        <ActionForm action={signOutEverywhereAction} submitLabel="Sign out everywhere else" pendingLabel="Signing out…" fields={[]} />
      </section>

      <section aria-labelledby="data-heading" className="account-section">
        <h2 id="data-heading">Your data</h2>
        <p>
          <a href="/account/export" download>
            Download my data
          </a>{' '}
          (JSON: your profile, sign-in history and comments).
        </p>
      </section>

      <section aria-labelledby="delete-heading" className="account-section account-section--danger">
        <h2 id="delete-heading">Delete account</h2>
        <p>
          Your profile, email and password are erased and you are signed out everywhere. Your comments stay in their threads as “Deleted user” with their text removed,
          so replies keep their place. This cannot be undone.
        </p>
        <ActionForm
          action={deleteAccountAction}
          submitLabel="Delete my account"
          pendingLabel="Deleting…"
          danger
          fields={[{ name: 'confirmation', label: 'Type DELETE to confirm', required: true, autoComplete: 'off' }]}
        />
      </section>
    </div>
  );
}
