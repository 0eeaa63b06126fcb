import { app } from '@azure/functions';
import { deploymentHandler } from '../shared/deploymentHandler';
import { httpFunction } from '../shared/httpFunctions';
import { createPlacementHandler, placementHttpHandler } from './placementHandler';

app.http('placementHandler', httpFunction('placementHandler', placementHttpHandler(deploymentHandler(createPlacementHandler))));
