// npm run dev: next dev with hot reload, same database setup as npm start.
import { serve } from './support/serve';

void serve('dev');
