import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { type ListNotificationsQuery, listNotificationsQuery, type NotificationDto, type UnreadCountDto } from '@review/shared';
import { type AuthUser, CurrentUser } from '../common/auth-context.js';
import { UuidParam } from '../common/uuid-param.pipe.js';
import { ZodPipe } from '../common/zod.pipe.js';
import { NotificationsService } from './notifications.service.js';

@ApiTags('notifications')
@Controller('notifications')
export class NotificationsController {
  constructor(private readonly notifications: NotificationsService) {}

  @Get()
  list(@Query(new ZodPipe(listNotificationsQuery)) query: ListNotificationsQuery, @CurrentUser() user: AuthUser): Promise<NotificationDto[]> {
    return this.notifications.list(user, query.unread ?? false);
  }

  @Get('unread-count')
  unreadCount(@CurrentUser() user: AuthUser): Promise<UnreadCountDto> {
    return this.notifications.unreadCount(user);
  }

  @Post('read-all')
  @HttpCode(200)
  readAll(@CurrentUser() user: AuthUser): Promise<{ updated: number }> {
    return this.notifications.markAllRead(user);
  }

  @Post(':id/read')
  @HttpCode(200)
  read(@Param('id', new UuidParam('Notification')) id: string, @CurrentUser() user: AuthUser): Promise<NotificationDto> {
    return this.notifications.markRead(id, user);
  }
}
