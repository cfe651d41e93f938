window.__THAR_CONFIG = {
  "userInfo" : { "accountId" : "1000", "userName" : "ownr", "displayName" : "The Owner" },
  "archiveInfo" : { "sizeBytes" : "12345", "generationDate" : "2021-06-30T12:00:00.000Z", "isPartialArchive" : false },
  "dataTypes" : {
    "account" : { "files" : [ { "fileName" : "data/account.js", "globalName" : "YTD.account.part0", "count" : "1" } ] },
    "accountTimezone" : { "files" : [ { "fileName" : "data/account-timezone.js", "globalName" : "YTD.account_timezone.part0", "count" : "1" } ] },
    "deletedTweets" : { "files" : [ { "fileName" : "data/deleted-tweets.js", "globalName" : "YTD.deleted_tweets.part0", "count" : "1" } ] },
    "directMessages" : { "files" : [ { "fileName" : "data/direct-messages.js", "globalName" : "YTD.direct_messages.part0", "count" : "3" } ] },
    "directMessagesGroup" : { "files" : [ { "fileName" : "data/direct-messages-group.js", "globalName" : "YTD.direct_messages_group.part0", "count" : "1" } ] },
    "follower" : { "files" : [ { "fileName" : "data/follower.js", "globalName" : "YTD.follower.part0", "count" : "3" } ] },
    "following" : { "files" : [ { "fileName" : "data/following.js", "globalName" : "YTD.following.part0", "count" : "3" } ] },
    "screenNameChange" : { "files" : [ { "fileName" : "data/screen-name-change.js", "globalName" : "YTD.screen_name_change.part0", "count" : "1" } ] },
    "tweets" : { "mediaDirectory" : "data/tweets_media", "files" : [ { "fileName" : "data/tweets.js", "globalName" : "YTD.tweets.part0", "count" : "11" } ] }
  }
}
