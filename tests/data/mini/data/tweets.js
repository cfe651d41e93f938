window.YTD.tweets.part0 = [
  { "tweet" : { "id_str" : "1", "id" : "1", "created_at" : "Mon Jan 04 10:00:00 +0000 2021",
      "full_text" : "hello world #intro", "entities" : { "hashtags" : [ { "text" : "intro", "indices" : [ "12", "18" ] } ], "user_mentions" : [ ], "urls" : [ ] } } },
  { "tweet" : { "id_str" : "2", "id" : "2", "created_at" : "Tue Jan 05 10:00:00 +0000 2021",
      "in_reply_to_status_id_str" : "900", "in_reply_to_user_id_str" : "2001", "in_reply_to_screen_name" : "alice",
      "full_text" : "@alice @bob agreed, cc @carol",
      "entities" : { "hashtags" : [ ], "urls" : [ ], "user_mentions" : [
        { "name" : "Alice A", "screen_name" : "alice", "indices" : [ "0", "6" ], "id_str" : "2001", "id" : "2001" },
        { "name" : "Bob B", "screen_name" : "bob", "indices" : [ "7", "11" ], "id_str" : "2002", "id" : "2002" },
        { "name" : "Carol C", "screen_name" : "carol", "indices" : [ "23", "29" ], "id_str" : "2003", "id" : "2003" } ] } } },
  { "tweet" : { "id_str" : "3", "id" : "3", "created_at" : "Tue Jan 05 11:00:00 +0000 2021",
      "in_reply_to_status_id_str" : "2", "in_reply_to_user_id_str" : "1000", "in_reply_to_screen_name" : "ownr",
      "full_text" : "and another thing", "entities" : { "hashtags" : [ ], "urls" : [ ], "user_mentions" : [ ] } } },
  { "tweet" : { "id_str" : "4", "id" : "4", "created_at" : "Wed Jan 06 11:00:00 +0000 2021",
      "in_reply_to_status_id_str" : "3", "in_reply_to_screen_name" : "Old_Ownr",
      "full_text" : "@Old_Ownr continuing", "entities" : { "hashtags" : [ ], "urls" : [ ], "user_mentions" : [ ] } } },
  { "tweet" : { "id_str" : "5", "id" : "5", "created_at" : "Thu Jan 07 11:00:00 +0000 2021",
      "full_text" : "RT @dave: something worth sharing",
      "entities" : { "hashtags" : [ ], "urls" : [ ], "user_mentions" : [
        { "name" : "Dave D", "screen_name" : "dave", "indices" : [ "3", "8" ], "id_str" : "2004", "id" : "2004" } ] } } },
  { "tweet" : { "id_str" : "6", "id" : "6", "created_at" : "Fri Jan 08 11:00:00 +0000 2021",
      "full_text" : "look at this https://t.co/x",
      "entities" : { "hashtags" : [ ], "user_mentions" : [ ], "urls" : [
        { "url" : "https://t.co/x", "expanded_url" : "https://x.com/Erin/status/777?s=20", "indices" : [ "13", "27" ] } ] } } },
  { "tweet" : { "id_str" : "7", "id" : "7", "created_at" : "Sat Jan 09 11:00:00 +0000 2021",
      "full_text" : "my own tweet https://t.co/y",
      "entities" : { "hashtags" : [ ], "user_mentions" : [ ], "urls" : [
        { "url" : "https://t.co/y", "expanded_url" : "https://twitter.com/ownr/status/6", "indices" : [ "13", "27" ] } ] } } },
  { "tweet" : { "edit_info" : { "initial" : { "editTweetIds" : [ "8", "9" ] } },
      "id_str" : "8", "id" : "8", "created_at" : "Sun Jan 10 11:00:00 +0000 2021",
      "full_text" : "first draft", "entities" : { "hashtags" : [ ], "urls" : [ ], "user_mentions" : [ ] } } },
  { "tweet" : { "edit_info" : { "edit" : { "initialTweetId" : "8", "editControlInitial" : { "editTweetIds" : [ "8", "9" ] } } },
      "id_str" : "9", "id" : "9", "created_at" : "Sun Jan 10 11:05:00 +0000 2021",
      "full_text" : "second draft @frank", "entities" : { "hashtags" : [ ], "urls" : [ ], "user_mentions" : [
        { "name" : "Frank F", "screen_name" : "frank", "indices" : [ "13", "19" ], "id_str" : "2006", "id" : "2006" } ] } } },
  { "tweet" : { "id_str" : "1", "id" : "1", "created_at" : "Mon Jan 04 10:00:00 +0000 2021",
      "full_text" : "hello world #intro", "entities" : { "hashtags" : [ ], "user_mentions" : [ ], "urls" : [ ] } } },
  { "tweet" : { "id_str" : "10", "id" : "10", "full_text" : "no date here", "entities" : { } } }
]
