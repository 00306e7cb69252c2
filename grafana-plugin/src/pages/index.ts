/** The app's pages in menu order: route, title and the scene builder behind each. */
import type { EmbeddedScene } from '@grafana/scenes';
import { ROUTES, type Route } from '../constants';
import type { ResolvedDatasources } from '../utils/settings';
import { buildCompareScene } from './compare';
import { buildConversationsScene } from './conversations';
import { buildFeedbackScene } from './feedback';
import { buildJourneysScene } from './journeys';
import { buildOverviewScene } from './overview';
import { buildTurnsScene } from './turns';

interface PageSpec {
  route: Route;
  title: string;
  subTitle: string;
  build: (ds: ResolvedDatasources) => EmbeddedScene;
}

export const PAGES: PageSpec[] = [
  {
    route: ROUTES.overview,
    title: 'Overview',
    subTitle: 'Is the AI helping? Trust, volume and the latest complaints',
    build: buildOverviewScene,
  },
  {
    route: ROUTES.feedback,
    title: 'Feedback',
    subTitle: 'Every vote and comment, with its trace and conversation',
    build: buildFeedbackScene,
  },
  {
    route: ROUTES.turns,
    title: 'Turns',
    subTitle: 'Volume, failures, latency and tokens of AI calls',
    build: buildTurnsScene,
  },
  {
    route: ROUTES.conversations,
    title: 'Conversations',
    subTitle: 'Outcomes, and what happened in each conversation',
    build: buildConversationsScene,
  },
  {
    route: ROUTES.journeys,
    title: 'Journeys',
    subTitle: 'Where users drop out of each journey',
    build: buildJourneysScene,
  },
  {
    route: ROUTES.compare,
    title: 'Compare',
    subTitle: 'Prompt versions and models ranked by trust they have earned',
    build: buildCompareScene,
  },
];
