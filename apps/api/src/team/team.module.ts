import { Module } from '@nestjs/common';
import { InvitationsController, TeamController } from './team.controller';

@Module({ controllers: [TeamController, InvitationsController] })
export class TeamModule {}
