import { app } from '@azure/functions';
import { deploymentHandler } from '../shared/web/deploymentHandler';
import { httpFunction } from '../shared/web/httpFunctions';
import { createPlacementHandler, placementHttpHandler } from './placementHandler';

app.http('placementHandler', httpFunction('placementHandler', placementHttpHandler(deploymentHandler(createPlacementHandler))));
