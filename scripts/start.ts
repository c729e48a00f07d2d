// npm start: the production app on PORT (default 3000), with the embedded
// PostgreSQL unless DATABASE_URL is set. Builds only when the sources changed.
import { serve } from './support/serve';

void serve('start');
