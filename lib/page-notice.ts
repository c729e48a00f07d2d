import { z } from 'zod';

const message = z.string().max(500).optional().catch(undefined);

/**
 * ?notice= and ?error=: the message a console form leaves in the URL when it
 * redirects back. Anything but one short string (a repeated parameter arrives
 * as a list) means no message.
 */
export const pageNoticeSchema = z.object({ notice: message, error: message });
