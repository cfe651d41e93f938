window.YTD.follower.part0 = [
  { "follower" : { "accountId" : "2001", "userLink" : "https://twitter.com/intent/user?user_id=2001" } },
  { "follower" : { "accountId" : "2007", "userLink" : "https://twitter.com/intent/user?user_id=2007" } },
  { "follower" : { "accountId" : "2008" } }
]
