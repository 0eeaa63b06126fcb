import { app } from '@azure/functions';
import { deploymentHandler } from '../shared/web/deploymentHandler';
import { httpFunction } from '../shared/web/httpFunctions';
import { createInstallHandler, installHttpHandler } from './installHandler';

app.http('installHandler', httpFunction('installHandler', installHttpHandler(deploymentHandler(createInstallHandler))));
