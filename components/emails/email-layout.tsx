// The frame of every email Parley sends: site name linked to the site, the
// heading, the body, and a footer (why you got it, how to stop it). Rendered
// to HTML and to plain text from this one tree (lib/email/send-email.ts).
// Email clients ignore stylesheets, so styles are inline.
import { Body, Container, Head, Heading, Hr, Html, Link, Preview, Section, Text } from '@react-email/components';
import type { ReactNode } from 'react';
import { absoluteUrl, siteName } from '@/lib/site';

export type EmailLayoutProps = {
  /** The line mail clients show after the subject in the inbox list. */
  preview: string;
  heading: string;
  children: ReactNode;
  /** Under the rule: why this email came, and the unsubscribe link. */
  footer?: ReactNode;
};

const page = { backgroundColor: '#f6f5f2', fontFamily: 'Georgia, "Times New Roman", serif', color: '#1f1f1f', margin: 0, padding: '24px 0' };
const card = { backgroundColor: '#ffffff', maxWidth: '560px', margin: '0 auto', padding: '24px 32px', borderRadius: '6px' };
const brand = { fontSize: '14px', letterSpacing: '0.08em', textTransform: 'uppercase' as const, color: '#6b4f2a', textDecoration: 'none' };
const title = { fontSize: '22px', lineHeight: '1.3', margin: '16px 0' };
const small = { fontSize: '12px', lineHeight: '1.5', color: '#6b6b6b' };

export function EmailLayout({ preview, heading, children, footer }: EmailLayoutProps) {
  // Absolute: an email is read far from the site (SITE_URL).
  const home = absoluteUrl('/');
  return (
    <Html lang="en">
      <Head />
      <Preview>{preview}</Preview>
      <Body style={page}>
        <Container style={card}>
          <Link href={home} style={brand}>
            {siteName}
          </Link>
          <Heading as="h1" style={title}>
            {heading}
          </Heading>
          <Section>{children}</Section>
          <Hr style={{ borderColor: '#e5e2dc', margin: '24px 0 12px' }} />
          <Section style={small}>
            {footer}
            <Text style={small}>
              {siteName} · <Link href={home}>{home.replace(/^https?:\/\/|\/$/g, '')}</Link>
            </Text>
          </Section>
        </Container>
      </Body>
    </Html>
  );
}
