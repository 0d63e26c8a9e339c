/** The Picker API's resources, as Google documents them. Every metadata field is optional: clients disagree. */

export interface PollingConfig {
  pollInterval?: string;
  timeoutIn?: string;
}

export interface PickingSession {
  id: string;
  pickerUri: string;
  pollingConfig?: PollingConfig;
  expireTime?: string;
  pickingConfig?: { maxItemCount?: string };
  mediaItemsSet?: boolean;
}

export type MediaType = 'PHOTO' | 'VIDEO' | 'TYPE_UNSPECIFIED';
export type VideoProcessingStatus = 'UNSPECIFIED' | 'PROCESSING' | 'READY' | 'FAILED';

export interface MediaFileMetadata {
  width?: number;
  height?: number;
  cameraMake?: string;
  cameraModel?: string;
  photoMetadata?: Record<string, unknown>;
  videoMetadata?: { fps?: number; processingStatus?: VideoProcessingStatus };
}

export interface PickedMediaItem {
  id: string;
  createTime?: string;
  type?: MediaType;
  mediaFile: {
    baseUrl: string;
    mimeType?: string;
    filename?: string;
    mediaFileMetadata?: MediaFileMetadata;
  };
}

export interface ListMediaItemsResponse {
  mediaItems?: PickedMediaItem[];
  nextPageToken?: string;
}
