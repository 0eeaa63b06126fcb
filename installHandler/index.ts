import { app } from '@azure/functions';
import { deploymentHandler } from '../shared/deploymentHandler';
import { httpFunction } from '../shared/httpFunctions';
import { createInstallHandler, installHttpHandler } from './installHandler';

app.http('installHandler', httpFunction('installHandler', installHttpHandler(deploymentHandler(createInstallHandler))));
